// End-to-end test of the precis web page in headless Chromium (playwright-core, system browser).
// Usage: node e2e.mjs BASE_URL ARTICLE_FILE SCREENSHOT_PNG [FETCH_BASE_URL]
// FETCH_BASE_URL: a server started with --fetch-urls --allow-private-urls, for the URL box (a
// feed and its pages are served from loopback by this script).
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { gunzipSync } from "node:zlib";
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import assert from "node:assert/strict";

const [base, articlePath, shotPath, fetchBase] = process.argv.slice(2);
if (!base || !articlePath || !shotPath) {
  console.error("usage: node e2e.mjs BASE_URL ARTICLE_FILE SCREENSHOT_PNG");
  process.exit(2);
}
const article = readFileSync(articlePath, "utf8");
const origin = new URL(base).origin;

async function waitForServer(at = base) {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${at}/healthz`);
      if (r.ok) return;
    } catch (_) {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${at} did not come up`);
}

const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// A loopback site: an RSS feed of three items (the seed article as an HTML page, a 404, the
// New York Post example page) and the pages.
async function startFeedSite() {
  const dir = dirname(resolve(articlePath));
  const paras = article.split(/\n+/).filter((l) => l.trim()).map((l) => `<p>${escapeHtml(l.trim())}</p>`);
  const seedPage = `<!doctype html><html><head><title>Trump and Putin talk</title></head><body><article><h1>Trump and Putin talk</h1>${paras.join("\n")}</article></body></html>`;
  const nypost = gunzipSync(readFileSync(join(dir, "nypost-plague.html.gz")));
  const server = createServer((req, res) => {
    const at = `http://127.0.0.1:${server.address().port}`;
    const path = new URL(req.url, at).pathname;
    if (path === "/feed.xml") {
      const items = [
        ["Trump and Putin spoke for an hour", `${at}/seed.html`, "Tue, 21 Nov 2017 18:00:00 GMT", "CNN staff"],
        ["A page that is gone", `${at}/missing.html`, "Tue, 21 Nov 2017 17:00:00 GMT", "Nobody"],
        ["Plague in the news", `${at}/nypost.html`, "Mon, 20 Nov 2017 09:30:00 GMT", "Post staff"],
      ];
      const xml =
        `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Loopback news</title><link>${at}/</link><description>e2e</description>` +
        items
          .map(([t, l, d, a]) => `<item><title>${escapeHtml(t)}</title><link>${l}</link><pubDate>${d}</pubDate><dc:creator>${a}</dc:creator></item>`)
          .join("\n") +
        "</channel></rss>\n";
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(xml);
    } else if (path === "/seed.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(seedPage);
    } else if (path === "/nypost.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(nypost);
    } else {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body>Not here</body></html>");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, at: `http://127.0.0.1:${server.address().port}` };
}

const userDataDir = mkdtempSync(join(tmpdir(), "precis-e2e-"));
let context;
let failed = false;
try {
  await waitForServer();
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1200, height: 1000 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
      "--disable-quic",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = context.pages()[0] || (await context.newPage());
  const problems = [];
  const foreign = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("request", (req) => {
    if (new URL(req.url()).origin !== origin) foreign.push(req.url());
  });

  await page.goto(base, { waitUntil: "load" });
  assert.equal(await page.title(), "precis — story highlights");

  // A server-side error is shown as a message.
  await page.fill("#article", "... !!");
  await page.selectOption("#kind", "text");
  await page.click("#submit");
  await page.waitForSelector("#error:not([hidden])");
  const error = await page.textContent("#error");
  assert.match(error, /HTTP 422/, `error message: ${error}`);
  console.log(`ok: error shown: ${error}`);
  problems.length = 0; // the browser logs the expected 422 itself

  // Defaults: the trained model at its own length; the length box is off until a unit is chosen.
  await page.selectOption("#kind", "auto");
  await page.fill("#article", article);
  assert.equal(await page.inputValue("#method"), "auto");
  assert.equal(await page.inputValue("#unit"), "auto");
  assert.equal(await page.isDisabled("#amount"), true, "no length box at automatic length");
  await page.click("#submit");
  await page.waitForFunction(() => /· auto ·/.test(document.getElementById("stats")?.textContent ?? ""));
  const autoBullets = await page.$$eval("#highlights .bullet", (bs) => bs.length);
  assert.ok(autoBullets >= 1 && autoBullets <= 5, `auto length: ${autoBullets} bullets`);
  console.log(`ok: default method auto, ${autoBullets} bullets at its own length`);

  // The seed article with Lead-3: 3 highlights, each marked in place in the article text.
  await page.selectOption("#method", "lead");
  await page.selectOption("#unit", "sentences");
  await page.fill("#amount", "3");
  await page.click("#submit");
  await page.waitForFunction(() => /· lead ·/.test(document.getElementById("stats")?.textContent ?? ""));
  assert.equal(await page.isHidden("#error"), true, "error cleared");
  const bullets = await page.$$eval("#highlights .bullet", (bs) => bs.map((b) => b.textContent));
  assert.equal(bullets.length, 3, `3 bullets, got ${bullets.length}`);
  const marks = await page.$$eval("#text mark.hl", (ms) => ms.map((m) => ({ id: m.id, text: m.textContent })));
  assert.equal(marks.length, 3, "3 marked sentences");
  bullets.forEach((b, i) => {
    const m = marks.find((x) => x.id === `hl-${i}`);
    assert.ok(m, `mark for bullet ${i + 1}`);
    assert.equal(m.text, b, `bullet ${i + 1} is marked in the article`);
  });
  // The marks sit inside the full article text, in order.
  const full = await page.textContent("#text");
  let at = -1;
  for (const b of bullets) {
    const k = full.indexOf(b);
    assert.ok(k > at, `"${b.slice(0, 40)}…" in the article after the previous one`);
    at = k;
  }
  assert.equal(await page.isVisible("#removed-box"), true, "removed boilerplate listed");
  const removed = Number(await page.textContent("#removed-count"));
  assert.ok(removed > 0, "some boilerplate removed");
  console.log(`ok: 3 bullets, each marked in the article; ${removed} removed items shown`);

  // Clicking a bullet scrolls to its sentence and flashes it.
  await page.click("#highlights li:nth-child(3) .bullet");
  await page.waitForFunction(() => document.getElementById("hl-2").classList.contains("flash"));
  await page.waitForTimeout(900); // smooth scroll
  const inView = await page.evaluate(() => {
    const m = document.getElementById("hl-2").getBoundingClientRect();
    const box = document.getElementById("text").getBoundingClientRect();
    return m.top >= box.top - 1 && m.bottom <= box.bottom + 1 && m.top >= 0 && m.bottom <= window.innerHeight;
  });
  assert.ok(inView, "the third sentence is scrolled into view");
  console.log("ok: clicking bullet 3 scrolls to and flashes its sentence");

  // Multibyte text keeps the spans right (UTF-8 offsets sliced as bytes).
  await page.fill("#article", "Zürich et 東京 — première phrase ici. La deuxième parle de 🦀 crabes. Troisième.");
  await page.fill("#amount", "2");
  await page.click("#submit");
  await page.waitForFunction(() => document.querySelectorAll("#text mark.hl").length === 2);
  const uni = await page.$$eval("#text mark.hl", (ms) => ms.map((m) => m.textContent));
  const uniBullets = await page.$$eval("#highlights .bullet", (bs) => bs.map((b) => b.textContent));
  assert.deepEqual(uni, uniBullets, "multibyte marks match the bullets");
  console.log("ok: multibyte spans");

  // Chinese, Japanese and Hindi articles: the language is identified, and auto gives their
  // lead sentences, each one whole sentence, marked in place.
  const dir = dirname(resolve(articlePath));
  for (const [file, lang, first] of [
    ["zh-economy.txt", "zh", "国家统计局周二发布数据显示，今年前两个月全国规模以上工业增加值同比增长百分之五点四。"],
    ["ja-economy.txt", "ja", "政府は五日、新たな経済対策を閣議決定した。"],
    ["hi-farmers.txt", "hi", "केंद्र सरकार ने मंगलवार को किसानों के लिए एक नई योजना की घोषणा की।"],
  ]) {
    const text = readFileSync(join(dir, file), "utf8");
    await page.selectOption("#method", "auto");
    await page.selectOption("#unit", "auto");
    await page.fill("#article", text);
    await page.click("#submit");
    await page.waitForFunction((l) => (document.getElementById("stats")?.textContent ?? "").includes(`language ${l}`), lang);
    const got = await page.$$eval("#highlights .bullet", (bs) => bs.map((b) => b.textContent));
    assert.ok(got.length >= 2, `${lang}: ${got.length} highlights`);
    assert.equal(got[0], first, `${lang}: the lede comes first`);
    const sentences = text.replace(/\n+/g, "").match(/[^。！？।]+[。！？।]/g).map((s) => s.trim());
    got.forEach((g, i) => assert.equal(g, sentences[i], `${lang}: highlight ${i + 1} is lead sentence ${i + 1}, whole`));
    const cjkMarks = await page.$$eval("#text mark.hl", (ms) => ms.map((m) => m.textContent));
    assert.deepEqual(cjkMarks, got, `${lang}: highlights marked in the article`);
    console.log(`ok: ${lang}: ${got.length} lead sentences, whole, marked in place`);
  }
  await page.selectOption("#method", "lead");
  await page.selectOption("#unit", "sentences");

  // Verify view: a summary checked against its article, sentence by sentence.
  const vArticle =
    "The storm hit the coast of Florida on Monday, cutting power to 3,500,000 homes. " +
    "Governor Ron DeSantis said repairs would take at least two weeks. " +
    "The National Hurricane Center said the storm weakened as it moved inland.";
  await page.fill("#v-article", vArticle);
  await page.fill("#v-summary", "... !!");
  await page.click("#v-submit");
  await page.waitForSelector("#v-error:not([hidden])");
  assert.match(await page.textContent("#v-error"), /HTTP 422/, "verify: server error shown");
  problems.length = 0; // the browser logs the expected 422 itself
  await page.fill(
    "#v-summary",
    "Governor Ron DeSantis said repairs would take at least two weeks. The storm cut power to 4.2 million homes in Georgia.",
  );
  await page.click("#v-submit");
  await page.waitForFunction(() => document.querySelectorAll("#v-sentences .v-sentence").length === 2);
  assert.equal(await page.isHidden("#v-error"), true, "verify: error cleared");
  assert.match(await page.textContent("#v-score"), /^score 0\.\d{3}$/);
  const vSents = await page.$$eval("#v-sentences .v-sentence", (bs) =>
    bs.map((b) => ({
      unsup: [...b.querySelectorAll("mark.unsup")].map((m) => [m.dataset.kind, m.textContent]),
    })),
  );
  assert.deepEqual(vSents[0].unsup, [], "verify: the copied sentence has nothing unsupported");
  const kinds2 = vSents[1].unsup.map(([k, t]) => `${k}:${t}`);
  assert.ok(kinds2.includes("number:4.2 million"), `verify: the invented number is marked (${kinds2})`);
  assert.ok(kinds2.includes("name:Georgia"), `verify: the invented name is marked (${kinds2})`);
  // The first sentence is selected: its supporting article sentence is highlighted in place.
  let active = await page.$$eval("#v-text mark.sup.active", (ms) => ms.map((m) => m.textContent));
  assert.deepEqual(active, ["Governor Ron DeSantis said repairs would take at least two weeks."], "verify: support of sentence 1");
  assert.ok((await page.textContent("#v-text")).startsWith("The storm hit"), "verify: the article shown whole");
  // Selecting sentence 2 highlights its own support instead.
  await page.click("#v-s-1");
  await page.waitForFunction(() => document.getElementById("v-s-1").classList.contains("active"));
  active = await page.$$eval("#v-text mark.sup.active", (ms) => ms.map((m) => m.textContent));
  assert.ok(active.length >= 1 && active[0].startsWith("The storm hit"), `verify: support of sentence 2: ${active}`);
  console.log(`ok: verify view: 2 sentences, support highlighted per sentence, unsupported marked (${kinds2.join(", ")})`);

  // Back to the seed article for the screenshot.
  await page.fill("#article", article);
  await page.fill("#amount", "3");
  await page.click("#submit");
  await page.waitForFunction(() => document.querySelectorAll("#text mark.hl").length === 3);
  await page.click("#highlights li:nth-child(2) .bullet");
  await page.waitForTimeout(400);

  assert.deepEqual(problems, [], "no page or console errors");
  assert.deepEqual(foreign, [], "nothing fetched from another origin");

  const out = resolve(shotPath);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot: ${out}`);

  // Without --fetch-urls there is no URL box.
  assert.equal(await page.isHidden("#u-form"), true, "no URL box when the server does not fetch");
  if (fetchBase) await urlBox(context, out);
  console.log(`e2e: 1 passed, 0 failed${fetchBase ? "" : " (no FETCH_BASE_URL: URL box not tested)"}`);
} catch (e) {
  failed = true;
  console.error(`e2e FAILED: ${e.stack || e}`);
  console.log("e2e: 0 passed, 1 failed");
} finally {
  if (context) await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

// The URL box of a server started with --fetch-urls --allow-private-urls: a feed served on
// loopback shows its items (title linked, date, byline, highlights; the 404 as an error), equal
// to each page summarized alone; "auto" tells a page from a feed.
async function urlBox(context, shot) {
  await waitForServer(fetchBase);
  const site = await startFeedSite();
  const fOrigin = new URL(fetchBase).origin;
  const page = await context.newPage();
  const problems = [];
  const foreign = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // The browser logs the expected failures itself: "auto" asks /v1/summarize first (422 for a
    // feed), and the missing page is a 502.
    if (m.type() === "error" && !/status of (422|502)/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on("request", (req) => {
    if (new URL(req.url()).origin !== fOrigin) foreign.push(req.url());
  });
  try {
    await page.goto(fetchBase, { waitUntil: "load" });
    await page.waitForSelector("#u-form:not([hidden])");
    console.log("ok: URL box shown when the server fetches URLs");
    await page.selectOption("#method", "lead");
    await page.selectOption("#unit", "sentences");
    await page.fill("#amount", "2");
    const feedUrl = `${site.at}/feed.xml`;
    for (const kind of ["feed", "auto"]) {
      await page.evaluate(() => {
        document.getElementById("feed-items").replaceChildren();
        document.getElementById("feed-results").hidden = true;
      });
      await page.fill("#u-url", feedUrl);
      await page.selectOption("#u-kind", kind);
      await page.click("#u-submit");
      await page.waitForSelector("#feed-results:not([hidden])", { timeout: 30000 });
      assert.equal(await page.isHidden("#error"), true, `${kind}: no error`);
      assert.equal(await page.isHidden("#results"), true, `${kind}: the single-article view is hidden`);
      const items = await page.$$eval("#feed-items > li", (lis) =>
        lis.map((li) => ({
          title: li.querySelector("h3")?.textContent ?? "",
          href: li.querySelector("h3 a")?.getAttribute("href") ?? null,
          meta: li.querySelector(".meta")?.textContent ?? "",
          highlights: [...li.querySelectorAll(".feed-hl")].map((h) => h.textContent),
          error: li.querySelector(".item-error")?.textContent ?? null,
        })),
      );
      assert.equal(items.length, 3, `${kind}: 3 items, got ${JSON.stringify(items)}`);
      assert.equal(items[0].title, "Trump and Putin spoke for an hour");
      assert.equal(items[0].href, `${site.at}/seed.html`);
      assert.match(items[0].meta, /^2017-11-21T18:00:00Z · CNN staff$/);
      assert.equal(items[2].title, "Plague in the news");
      assert.equal(items[2].href, `${site.at}/nypost.html`);
      assert.ok(items[1].error && /HTTP 404/.test(items[1].error), `${kind}: the 404 item is an error: ${items[1].error}`);
      assert.deepEqual(items[1].highlights, []);
      for (const i of [0, 2]) {
        assert.equal(items[i].error, null, `${kind}: item ${i + 1} has no error`);
        assert.equal(items[i].highlights.length, 2, `${kind}: item ${i + 1}: 2 highlights`);
        const alone = await fetch(`${fetchBase}/v1/summarize`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ url: items[i].href, method: "lead", sentences: 2, lang: "auto" }),
        }).then((r) => r.json());
        assert.deepEqual(items[i].highlights, alone.highlights.map((h) => h.text), `${kind}: item ${i + 1} as summarized alone`);
      }
      console.log(`ok: URL box (${kind}): the feed's 3 items in order, 2 with highlights as summarized alone, the 404 as an error`);
    }
    // A page URL in "auto": the single-article view, with its highlights marked in the text.
    await page.fill("#u-url", `${site.at}/seed.html`);
    await page.click("#u-submit");
    await page.waitForSelector("#results:not([hidden])", { timeout: 30000 });
    assert.equal(await page.isHidden("#feed-results"), true, "page: the feed view is hidden");
    const marks = await page.$$eval("#text mark.hl", (ms) => ms.length);
    assert.equal(marks, 2, "page: 2 highlights marked");
    console.log("ok: URL box (auto): a page URL shows its highlights marked in the article");
    // A refused or failing URL: the server's message.
    await page.fill("#u-url", `${site.at}/missing.html`);
    await page.selectOption("#u-kind", "page");
    await page.click("#u-submit");
    await page.waitForSelector("#error:not([hidden])");
    assert.match(await page.textContent("#error"), /HTTP 502.*HTTP 404/);
    console.log("ok: URL box: a failing page shows the server's message");
    // Back to the feed for the screenshot.
    await page.fill("#u-url", feedUrl);
    await page.selectOption("#u-kind", "feed");
    await page.click("#u-submit");
    await page.waitForSelector("#feed-results:not([hidden])");
    assert.deepEqual(problems, [], "URL box: no page or console errors");
    assert.deepEqual(foreign, [], "URL box: the page fetched nothing from another origin");
    const feedShot = join(dirname(shot), "feed.png");
    await page.screenshot({ path: feedShot, fullPage: true });
    console.log(`screenshot: ${feedShot}`);
  } finally {
    await page.close();
    site.server.close();
  }
}
