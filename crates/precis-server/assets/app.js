// precis web page: posts the article to /v1/summarize and shows the highlights in place.
// Offsets from the API are UTF-8 byte offsets into the cleaned text; JS strings are UTF-16,
// so the text is sliced as bytes (TextEncoder) and each slice decoded back (TextDecoder).
"use strict";

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function looksLikeHtml(s) {
  const head = s.slice(0, 1024).trimStart().toLowerCase();
  return head.startsWith("<") && /<(!doctype html|html|head|body|p>)/.test(head);
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

async function summarize(event) {
  if (event) event.preventDefault();
  clearError();
  const article = $("article").value;
  if (!article.trim()) {
    showError("Paste an article or drop a file first.");
    return;
  }
  let kind = $("kind").value;
  if (kind === "auto") kind = looksLikeHtml(article) ? "html" : "text";
  const body = options();
  if (!body) return;
  body.include_text = true;
  body[kind] = article;
  const button = $("submit");
  button.disabled = true;
  button.textContent = "Summarizing…";
  const started = performance.now();
  try {
    const { resp, data } = await postJson("/v1/summarize", body);
    if (!resp.ok) {
      const why = data && data.error ? data.error : resp.statusText;
      showError(`Could not summarize (HTTP ${resp.status}): ${why}`);
      return;
    }
    $("feed-results").hidden = true;
    render(data, performance.now() - started);
  } catch (err) {
    showError(`Could not reach the server: ${err.message}`);
  } finally {
    button.disabled = false;
    button.textContent = "Summarize";
  }
}

// The summarize options of the form (method, language, length), or null after showing why
// the length is not valid.
function options() {
  const unit = $("unit").value;
  const amount = Number($("amount").value);
  const body = { method: $("method").value, lang: $("lang").value };
  // "automatic": no length field, the method's own length (the model picks it per article).
  if (unit !== "auto") {
    if (!Number.isFinite(amount) || amount <= 0 || (unit !== "ratio" && !Number.isInteger(amount))) {
      showError(unit === "ratio" ? "The ratio must be a number in (0, 1]." : `The number of ${unit} must be a whole number ≥ 1.`);
      return null;
    }
    body[unit] = amount;
  }
  return body;
}

// POSTs JSON; resolves to { resp, data } (data null when the body is not JSON).
async function postJson(path, body) {
  const resp = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  let data = null;
  try {
    data = await resp.json();
  } catch (_) {
    data = null;
  }
  return { resp, data };
}

// URL box: a page through POST /v1/summarize {url}, a feed or sitemap through
// POST /v1/summarize/feed; "auto" tries the page first and turns to the feed endpoint when the
// server says the URL is a feed.
async function summarizeUrl(event) {
  if (event) event.preventDefault();
  clearError();
  const url = $("u-url").value.trim();
  if (!/^https?:\/\/\S+$/i.test(url)) {
    showError("Give the address of a page or feed, starting with http or https.");
    return;
  }
  const opts = options();
  if (!opts) return;
  const kind = $("u-kind").value;
  const button = $("u-submit");
  button.disabled = true;
  button.textContent = "Fetching…";
  const started = performance.now();
  try {
    let asFeed = kind === "feed";
    if (!asFeed) {
      const { resp, data } = await postJson("/v1/summarize", { ...opts, include_text: true, url });
      if (resp.ok) {
        $("feed-results").hidden = true;
        render(data, performance.now() - started);
        return;
      }
      const why = data && data.error ? data.error : resp.statusText;
      if (!(kind === "auto" && resp.status === 422 && why.includes("/v1/summarize/feed"))) {
        showError(`Could not summarize ${url} (HTTP ${resp.status}): ${why}`);
        return;
      }
      asFeed = true;
    }
    const { resp, data } = await postJson("/v1/summarize/feed", { ...opts, url });
    if (!resp.ok) {
      const why = data && data.error ? data.error : resp.statusText;
      showError(`Could not summarize the feed ${url} (HTTP ${resp.status}): ${why}`);
      return;
    }
    renderFeed(data, performance.now() - started);
  } catch (err) {
    showError(`Could not reach the server: ${err.message}`);
  } finally {
    button.disabled = false;
    button.textContent = "Fetch & summarize";
  }
}

function renderFeed(f, ms) {
  $("results").hidden = true;
  const list = $("feed-items");
  list.replaceChildren();
  let failed = 0;
  for (const item of f.items) {
    const li = document.createElement("li");
    li.className = "feed-item";
    const h = document.createElement("h3");
    const url = item.url || item.id || "";
    const name = item.title || url;
    if (/^https?:\/\//i.test(url)) {
      const a = document.createElement("a");
      a.href = url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      a.textContent = name;
      h.append(a);
    } else {
      h.textContent = name;
    }
    li.append(h);
    if (item.error !== undefined) {
      failed += 1;
      li.classList.add("failed");
      const p = document.createElement("p");
      p.className = "item-error";
      p.textContent = item.error;
      li.append(p);
      list.append(li);
      continue;
    }
    const meta = [item.date, item.byline].filter(Boolean).join(" · ");
    if (meta) {
      const p = document.createElement("p");
      p.className = "meta muted small";
      p.textContent = meta;
      li.append(p);
    }
    const ul = document.createElement("ul");
    ul.className = "highlights";
    ul.lang = item.lang === "und" ? "" : item.lang;
    ul.dir = ["ar", "he", "fa", "ur", "yi"].includes(item.lang) ? "rtl" : "auto";
    for (const hl of item.highlights) {
      const hli = document.createElement("li");
      hli.className = "feed-hl";
      hli.textContent = hl.text;
      ul.append(hli);
    }
    li.append(ul);
    list.append(li);
  }
  const more = f.truncated ? ` (the feed has ${f.total ?? "more"}; the first ${f.items.length} shown)` : "";
  $("feed-stats").textContent =
    `${f.kind} · ${f.items.length} items${more} · ${failed} failed · ${Math.round(ms)} ms · ${f.final_url}`;
  $("feed-results").hidden = false;
}

// Shows the URL box when the server fetches URLs (GET /v1/config).
async function setupUrlBox() {
  try {
    const resp = await fetch("/v1/config");
    if (!resp.ok) return;
    const cfg = await resp.json();
    if (!cfg.fetch_urls) return;
    $("u-max").textContent = String(cfg.feed_default_items);
    $("u-form").hidden = false;
  } catch (_) {
    // an older server without /v1/config: no URL box
  }
}

function render(h, ms) {
  const list = $("highlights");
  list.replaceChildren();
  h.highlights.forEach((hl, i) => {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "bullet";
    b.textContent = hl.text;
    b.lang = h.lang;
    b.title = `Sentence ${hl.sentence + 1} · bytes ${hl.start}–${hl.end} · score ${hl.score.toFixed(3)}`;
    b.dataset.target = `hl-${i}`;
    b.addEventListener("click", () => jumpTo(`hl-${i}`));
    li.appendChild(b);
    list.appendChild(li);
  });
  $("stats").textContent =
    `${h.highlights.length} of ${h.sentences} sentences · ${h.words} words · ${h.method} · language ${h.lang} · ${Math.round(ms)} ms`;
  $("truncated").hidden = !h.truncated;
  // Right-to-left scripts (Arabic, Hebrew, Persian, Urdu) read right to left.
  const rtl = ["ar", "he", "fa", "ur", "yi"].includes(h.lang);
  $("text").dir = rtl ? "rtl" : "auto";
  $("highlights").dir = rtl ? "rtl" : "auto";

  const title = $("title");
  title.hidden = !h.title;
  title.textContent = h.title || "";

  const removed = h.removed || [];
  $("removed-box").hidden = removed.length === 0;
  $("removed-count").textContent = String(removed.length);
  $("removed").replaceChildren(
    ...removed.map((r) => {
      const li = document.createElement("li");
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = r.kind.replace(/_/g, " ");
      li.append(kind, r.text);
      return li;
    }),
  );

  const text = $("text");
  text.lang = h.lang === "und" ? "" : h.lang;
  text.replaceChildren();
  const bytes = encoder.encode(h.text || "");
  const spans = h.highlights
    .map((hl, i) => ({ start: hl.start, end: hl.end, i }))
    .sort((a, b) => a.start - b.start);
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos || s.end > bytes.length || s.end < s.start) continue; // never overlap
    if (s.start > pos) text.append(decoder.decode(bytes.subarray(pos, s.start)));
    const mark = document.createElement("mark");
    mark.className = "hl";
    mark.id = `hl-${s.i}`;
    mark.dataset.n = String(s.i + 1);
    mark.textContent = decoder.decode(bytes.subarray(s.start, s.end));
    text.append(mark);
    pos = s.end;
  }
  if (pos < bytes.length) text.append(decoder.decode(bytes.subarray(pos)));
  $("results").hidden = false;
}

function jumpTo(id) {
  const el = $(id);
  if (!el) return;
  el.scrollIntoView({ behavior: "smooth", block: "center" });
  el.classList.remove("flash");
  void el.offsetWidth; // restart the animation
  el.classList.add("flash");
}

async function loadFile(file) {
  if (!file) return;
  if (file.size > 2 * 1024 * 1024) {
    showError(`${file.name} is larger than 2 MB.`);
    return;
  }
  clearError();
  const content = await file.text();
  $("article").value = content;
  $("filename").textContent = file.name;
  const lower = file.name.toLowerCase();
  $("kind").value = lower.endsWith(".html") || lower.endsWith(".htm") || looksLikeHtml(content) ? "html" : "auto";
}

function setup() {
  $("form").addEventListener("submit", summarize);
  $("u-form").addEventListener("submit", summarizeUrl);
  setupUrlBox();
  $("article").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) summarize(e);
  });
  $("file").addEventListener("change", (e) => loadFile(e.target.files[0]));
  $("unit").addEventListener("change", () => {
    const ratio = $("unit").value === "ratio";
    const amount = $("amount");
    amount.disabled = $("unit").value === "auto";
    amount.step = ratio ? "0.05" : "1";
    amount.min = ratio ? "0.01" : "1";
    amount.max = ratio ? "1" : "";
    amount.value = ratio ? "0.2" : $("unit").value === "words" ? "60" : "3";
  });
  const drop = $("drop");
  ["dragenter", "dragover"].forEach((t) =>
    drop.addEventListener(t, (e) => {
      e.preventDefault();
      drop.classList.add("dragging");
    }),
  );
  ["dragleave", "dragend"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("dragging")));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("dragging");
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) loadFile(file);
  });
}

setup();

// Verify view: posts the article and a summary to /v1/verify; shows each summary sentence with
// its unsupported content marked, and its supporting sentences highlighted in the article.
// Summary offsets are UTF-8 bytes into the summary, support offsets into the cleaned article.
function sliceMarked(container, text, spans, make) {
  // Appends `text` to `container`, wrapping each byte span (sorted, non-overlapping) by `make`.
  const bytes = encoder.encode(text);
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos || s.end > bytes.length || s.end < s.start) continue;
    if (s.start > pos) container.append(decoder.decode(bytes.subarray(pos, s.start)));
    const el = make(s);
    el.textContent = decoder.decode(bytes.subarray(s.start, s.end));
    container.append(el);
    pos = s.end;
  }
  if (pos < bytes.length) container.append(decoder.decode(bytes.subarray(pos)));
}

function verifyError(message) {
  const box = $("v-error");
  box.textContent = message;
  box.hidden = !message;
}

async function verifySummary(event) {
  if (event) event.preventDefault();
  verifyError("");
  const article = $("v-article").value;
  const summary = $("v-summary").value;
  if (!article.trim() || !summary.trim()) {
    verifyError("Paste an article and a summary first.");
    return;
  }
  const kind = looksLikeHtml(article) ? "html" : "text";
  const button = $("v-submit");
  button.disabled = true;
  button.textContent = "Checking…";
  const started = performance.now();
  try {
    const resp = await fetch("/v1/verify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ [kind]: article, summary, include_text: true }),
    });
    let data = null;
    try {
      data = await resp.json();
    } catch (_) {
      data = null;
    }
    if (!resp.ok) {
      const why = data && data.error ? data.error : resp.statusText;
      verifyError(`Could not check (HTTP ${resp.status}): ${why}`);
      return;
    }
    renderVerification(data, performance.now() - started);
  } catch (err) {
    verifyError(`Could not reach the server: ${err.message}`);
  } finally {
    button.disabled = false;
    button.textContent = "Check";
  }
}

function renderVerification(v, ms) {
  $("v-score").textContent = `score ${v.score.toFixed(3)}`;
  $("v-stats").textContent =
    `${v.sentences.length} sentences · ${v.unsupported} unsupported items · ${v.source_sentences} article sentences · language ${v.lang} · ${Math.round(ms)} ms`;
  // Article sentences that back some summary sentence: source sentence -> summary sentences.
  const backs = new Map();
  v.sentences.forEach((s, i) =>
    s.support.forEach((sup) => {
      if (!backs.has(sup.sentence)) backs.set(sup.sentence, { start: sup.start, end: sup.end, sentence: sup.sentence, for: [] });
      backs.get(sup.sentence).for.push(i);
    }),
  );
  const list = $("v-sentences");
  list.replaceChildren();
  v.sentences.forEach((s, i) => {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "v-sentence";
    b.id = `v-s-${i}`;
    b.lang = v.lang;
    const local = s.unsupported.map((u) => ({ start: u.start - s.start, end: u.end - s.start, kind: u.kind, value: u.value }));
    sliceMarked(b, s.text, local, (u) => {
      const m = document.createElement("mark");
      m.className = "unsup";
      m.dataset.kind = u.kind;
      m.title = u.value && u.kind === "number" ? `${u.kind} (= ${u.value}) not in the article` : `${u.kind} not in the article`;
      return m;
    });
    const score = document.createElement("span");
    score.className = "v-sent-score";
    score.textContent = s.support.length
      ? `${s.score.toFixed(2)} · rests on ${s.support.map((x) => `#${x.sentence + 1}`).join(", ")}`
      : s.score.toFixed(2);
    b.append(score);
    if (!s.support.length) {
      const none = document.createElement("span");
      none.className = "v-none";
      none.textContent = "no supporting sentence";
      b.append(none);
    }
    b.addEventListener("click", () => selectSentence(i));
    li.appendChild(b);
    list.appendChild(li);
  });
  const text = $("v-text");
  text.replaceChildren();
  text.lang = v.lang === "und" ? "" : v.lang;
  const spans = [...backs.values()].sort((a, b) => a.start - b.start);
  sliceMarked(text, v.text || "", spans, (s) => {
    const m = document.createElement("mark");
    m.className = "sup";
    m.id = `v-src-${s.sentence}`;
    m.dataset.sentence = String(s.sentence);
    m.dataset.for = s.for.map((i) => i + 1).join(",");
    return m;
  });
  $("v-results").hidden = false;
  if (v.sentences.length) selectSentence(0, false);
}

function selectSentence(i, scroll = true) {
  document.querySelectorAll("#v-sentences .v-sentence").forEach((b) => b.classList.toggle("active", b.id === `v-s-${i}`));
  let first = null;
  document.querySelectorAll("#v-text mark.sup").forEach((m) => {
    const on = m.dataset.for.split(",").includes(String(i + 1));
    m.classList.toggle("active", on);
    if (on && !first) first = m;
  });
  if (scroll && first) first.scrollIntoView({ behavior: "smooth", block: "center" });
}

$("v-form").addEventListener("submit", verifySummary);
$("v-summary").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) verifySummary(e);
});
