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
  const unit = $("unit").value;
  const amount = Number($("amount").value);
  const body = { method: $("method").value, lang: $("lang").value, include_text: true, [kind]: article };
  // "automatic": no length field, the method's own length (the model picks it per article).
  if (unit !== "auto") {
    if (!Number.isFinite(amount) || amount <= 0 || (unit !== "ratio" && !Number.isInteger(amount))) {
      showError(unit === "ratio" ? "The ratio must be a number in (0, 1]." : `The number of ${unit} must be a whole number ≥ 1.`);
      return;
    }
    body[unit] = amount;
  }
  const button = $("submit");
  button.disabled = true;
  button.textContent = "Summarizing…";
  const started = performance.now();
  try {
    const resp = await fetch("/v1/summarize", {
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
    if (!resp.ok) {
      const why = data && data.error ? data.error : resp.statusText;
      showError(`Could not summarize (HTTP ${resp.status}): ${why}`);
      return;
    }
    render(data, performance.now() - started);
  } catch (err) {
    showError(`Could not reach the server: ${err.message}`);
  } finally {
    button.disabled = false;
    button.textContent = "Summarize";
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
