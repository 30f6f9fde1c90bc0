//! The OpenAPI 3.0 document of the API, built from the route and schema definitions below
//! (the tests check it names every API route the router serves and every field the
//! handlers accept).

use serde_json::{json, Map, Value};

use crate::api::{
    DEFAULT_ROUGE_TYPES, MAX_ROUGE155_N, ROUGE_FLAVORS, SUMMARIZE_FIELDS, VERIFY_FIELDS,
};
use crate::feeds::{DEFAULT_FEED_ITEMS, FEED_CONCURRENCY, FEED_FIELDS, MAX_FEED_ITEMS};

/// One documented operation.
struct Op {
    path: &'static str,
    method: &'static str,
    summary: &'static str,
    request: Option<(&'static str, Value)>,
    params: Value,
    ok: (&'static str, Value),
    errors: &'static [(u16, &'static str)],
}

fn error_ref() -> Value {
    json!({ "$ref": "#/components/schemas/Error" })
}

fn schemas() -> Value {
    let methods: Vec<&str> = precis::Method::ALL.iter().map(|m| m.name()).collect();
    let summarize_props = json!({
        "text": { "type": "string", "description": "Article as plain text or CNN/DM .story text (sniffed); alias `article`." },
        "article": { "type": "string", "description": "Alias of `text`." },
        "html": { "type": "string", "description": "The article's HTML page (its main text is extracted)." },
        "url": { "type": "string", "description": "A page to fetch and summarize (only on a server started with --fetch-urls; private addresses are refused with 403 unless --allow-private-urls; a feed's URL is 422: see /v1/summarize/feed). On batch lines the pages are fetched one at a time." },
        "method": { "type": "string", "enum": methods, "default": precis::Method::default().name() },
        "sentences": { "type": "integer", "minimum": 1, "description": "Number of highlights (default: the method's own length; `auto` picks it per article, the other methods take 3)." },
        "words": { "type": "integer", "minimum": 1, "description": "Word budget for all highlights (at least one sentence)." },
        "ratio": { "type": "number", "exclusiveMinimum": 0, "maximum": 1, "description": "Fraction of the article's sentences." },
        "order": { "type": "string", "enum": ["source", "score"], "default": "source" },
        "id": { "type": "string", "description": "Echoed as `id` (default `request`; `batch:N` for batch line N)." },
        "include_text": { "type": "boolean", "default": false, "description": "Return the cleaned text the byte offsets point into." },
        "clean": { "type": "boolean", "default": true, "description": "Remove captions, datelines, bylines and other boilerplate first." },
        "lang": { "type": "string", "default": "auto", "description": "Language of the article: `auto` (identified from the text) or an ISO 639-1 code (en, de, fr, zh, ja, hi, ...). It picks the sentence rules, stop words, stemmer and boilerplate." },
        "highlights": {
            "oneOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ],
            "description": "Reference highlights (needed by `oracle`); a string has one per line."
        }
    });
    debug_assert!(SUMMARIZE_FIELDS
        .iter()
        .all(|f| summarize_props.get(f).is_some()));
    let all_props = summarize_props.clone();
    let score = json!({
        "type": "object",
        "required": ["precision", "recall", "fmeasure"],
        "properties": {
            "precision": { "type": "number" },
            "recall": { "type": "number" },
            "fmeasure": { "type": "number" }
        }
    });
    let mut all = json!({
        "SummarizeRequest": {
            "type": "object",
            "description": "Exactly one of `text` (or `article`) and `html`; at most one of `sentences`, `words`, `ratio`.",
            "properties": summarize_props,
            "additionalProperties": false
        },
        "Highlights": {
            "type": "object",
            "description": "The JSON of `precis summarize --format json`.",
            "required": ["id", "method", "lang", "highlights", "sentences", "words", "removed"],
            "properties": {
                "id": { "type": "string" },
                "method": { "type": "string" },
                "lang": { "type": "string", "description": "The article's language (ISO 639-1; `und` when it could not be told), given or identified." },
                "truncated": { "type": "boolean", "description": "Present (true) when the article had more sentences than precis reads (20,000) and was cut." },
                "title": { "type": "string" },
                "highlights": { "type": "array", "items": { "$ref": "#/components/schemas/Highlight" } },
                "sentences": { "type": "integer", "description": "Sentences in the article." },
                "words": { "type": "integer", "description": "Words in the article." },
                "reference": { "type": "array", "items": { "type": "string" } },
                "removed": { "type": "array", "items": {
                    "type": "object",
                    "properties": { "kind": { "type": "string" }, "text": { "type": "string" } }
                } },
                "text": { "type": "string", "description": "The cleaned text (only with include_text)." }
            }
        },
        "Highlight": {
            "type": "object",
            "required": ["text", "sentence", "start", "end", "score"],
            "properties": {
                "text": { "type": "string", "description": "Exactly text[start..end] of the cleaned text." },
                "sentence": { "type": "integer" },
                "start": { "type": "integer", "description": "UTF-8 byte offset, inclusive." },
                "end": { "type": "integer", "description": "UTF-8 byte offset, exclusive." },
                "score": { "type": "number" }
            }
        },
        "RecordFailure": {
            "type": "object",
            "required": ["id", "error"],
            "properties": { "id": { "type": "string" }, "error": { "type": "string" } }
        },
        "RougeRequest": {
            "type": "object",
            "required": ["candidates"],
            "description": "`references` (one per candidate) or one `reference` for all; sentences separated by \"\\n\" (rougeLsum and ROUGE-1.5.5's ROUGE-L split there). The flavour is `flavor`, or rouge155 when `rouge155_options` is given, multilingual when `lang` is, else rouge-score (README, \"ROUGE flavours\"). A language or option that cannot be scored exactly is 400, naming it.",
            "properties": {
                "candidates": { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                "references": { "type": "array", "items": { "type": "string" } },
                "reference": { "type": "string" },
                "flavor": { "type": "string", "enum": ROUGE_FLAVORS, "default": "rouge-score", "description": "rouge-score: Google's rouge-score, bit for bit. rouge155: the ROUGE-1.5.5 Perl script (pyrouge, files2rouge), its printed numbers. multilingual: XL-Sum's multilingual_rouge_scoring." },
                "use_stemmer": { "type": "boolean", "default": true, "description": "rouge-score and multilingual; for rouge155 without `rouge155_options`, whether the default options have -m." },
                "types": { "type": "array", "items": { "type": "string" }, "default": DEFAULT_ROUGE_TYPES, "description": "rouge-score and multilingual (rouge1..rouge9, rougeL, rougeLsum)." },
                "rouge155_options": { "type": "string", "default": "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m", "description": format!("The ROUGE-1.5.5 script's options as on its command line, without the configuration file (implies flavor rouge155). Pair k is evaluation k. Not over HTTP: -s and -e (they read the server's files), -n above {MAX_ROUGE155_N}, -z, -t 2, -3, -M, -v (400).") },
                "lang": { "type": "string", "description": "The multilingual flavour's language as XL-Sum names it (english, chinese, hindi, ...; implies flavor multilingual); with flavor multilingual and no lang: no language (Porter stemming). Japanese, Thai, Burmese, and with the stemmer italian, portuguese, russian, arabic, turkish, bengali and the Snowball languages without fixtures are 400 (not reproducible exactly)." }
            },
            "additionalProperties": false
        },
        "Score": score,
        "RougeResponse": {
            "type": "object",
            "properties": {
                "flavor": { "type": "string", "enum": ROUGE_FLAVORS },
                "types": { "type": "array", "items": { "type": "string" }, "description": "The metrics of `scores`, `mean` (and `average`): rouge-score's names, or the script's (ROUGE-1, ROUGE-L, ROUGE-W-1.2, ROUGE-SU*, ...)." },
                "use_stemmer": { "type": "boolean" },
                "lang": { "type": "string", "nullable": true, "description": "multilingual: the language (null: none)." },
                "rouge155_options": { "type": "string", "description": "rouge155: the options used." },
                "count": { "type": "integer" },
                "scores": { "type": "array", "description": "Per pair, in input order; rouge155: R and P as the script prints them per pair (5 decimals), F from them.", "items": {
                    "type": "object", "additionalProperties": { "$ref": "#/components/schemas/Score" }
                } },
                "mean": { "type": "object", "description": "The plain mean of `scores`.", "additionalProperties": { "$ref": "#/components/schemas/Score" } },
                "average": { "type": "object", "description": "rouge155: what the script prints and papers quote, its Average_R/P/F (the mean of its bootstrap resample means, drand48 seeded per resample) with the confidence interval.", "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "average": { "$ref": "#/components/schemas/Score" },
                        "low": { "$ref": "#/components/schemas/Score" },
                        "high": { "$ref": "#/components/schemas/Score" }
                    }
                } },
                "confidence": { "type": "number", "description": "rouge155: -c (percent)." },
                "resamples": { "type": "integer", "description": "rouge155: -r." }
            }
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": { "error": { "type": "string" } }
        }
    });
    if let (Some(all), Value::Object(verify)) = (all.as_object_mut(), verify_schemas()) {
        all.extend(verify);
    }
    if let (Some(all), Value::Object(feed)) = (all.as_object_mut(), feed_schemas(&all_props)) {
        all.extend(feed);
    }
    all
}

/// The schemas of `POST /v1/summarize/feed` and `GET /v1/config`; `summarize` holds the
/// properties of SummarizeRequest (the feed takes the same options).
fn feed_schemas(summarize: &Value) -> Value {
    let mut props = json!({
        "url": { "type": "string", "description": "The feed or sitemap to fetch: RSS 0.9x/1.0/2.0, Atom, an XML sitemap (Google News sitemaps too) or a sitemap index (its sitemaps are fetched, one level). Private addresses are refused with 403 unless the server runs with --allow-private-urls." },
        "no_fetch": { "type": "boolean", "default": false, "description": "Summarize each item's own content (content:encoded, content, description or summary) instead of fetching its link (like the CLI's --no-fetch). Sitemap entries have no content of their own." },
        "max_items": { "type": "integer", "minimum": 1, "maximum": MAX_FEED_ITEMS, "default": DEFAULT_FEED_ITEMS, "description": "Items summarized, from the top of the feed; `truncated` tells when the feed had more." }
    });
    for f in FEED_FIELDS {
        if props.get(f).is_none() {
            if let Some(p) = summarize.get(f) {
                props[*f] = p.clone();
            }
        }
    }
    debug_assert!(FEED_FIELDS.iter().all(|f| props.get(f).is_some()));
    json!({
        "FeedRequest": {
            "type": "object",
            "required": ["url"],
            "description": format!("A feed to fetch and summarize item by item, with the summarize options (at most one of `sentences`, `words`, `ratio`). The pages are fetched {FEED_CONCURRENCY} at a time (at most 2 per host) through the address guard, without retries; the whole feed must be done within the request deadline (the server's --timeout): its work stops a tenth of it (at most 1 s) before, and the items not done then come back as FeedItemError."),
            "properties": props,
            "additionalProperties": false
        },
        "FeedResponse": {
            "type": "object",
            "required": ["url", "final_url", "kind", "truncated", "items"],
            "properties": {
                "url": { "type": "string", "description": "The feed's URL as given." },
                "final_url": { "type": "string", "description": "After redirects." },
                "kind": { "type": "string", "enum": ["rss", "atom", "sitemap", "sitemapindex"] },
                "total": { "type": "integer", "description": "Items in the feed (absent when a sitemap index had more sitemaps than were needed for max_items)." },
                "truncated": { "type": "boolean", "description": "The feed had more than max_items items." },
                "items": { "type": "array", "description": "In feed order: the Highlights of each item (`id` and `url`: the page, `title`, `date` and `byline` from the feed item when it has them), or a RecordFailure naming the item's URL and what went wrong (HTTP status, refused address, no text, not processed within the deadline).", "items": {
                    "oneOf": [
                        { "$ref": "#/components/schemas/Highlights" },
                        { "$ref": "#/components/schemas/RecordFailure" }
                    ]
                } }
            }
        },
        "Config": {
            "type": "object",
            "required": ["fetch_urls", "feed_max_items", "feed_default_items", "timeout_s"],
            "properties": {
                "fetch_urls": { "type": "boolean", "description": "Whether `url` on /v1/summarize and batch lines, and /v1/summarize/feed, are served (--fetch-urls)." },
                "feed_max_items": { "type": "integer" },
                "feed_default_items": { "type": "integer" },
                "timeout_s": { "type": "number", "description": "The request deadline in seconds." }
            }
        }
    })
}

/// The schemas of `POST /v1/verify`.
fn verify_schemas() -> Value {
    let support = json!({
        "type": "object",
        "properties": {
            "sentence": { "type": "integer" },
            "start": { "type": "integer", "description": "Byte offset into the cleaned article." },
            "end": { "type": "integer" },
            "score": { "type": "number" },
            "text": { "type": "string" }
        }
    });
    let unsupported = json!({
        "type": "object",
        "properties": {
            "kind": { "type": "string", "enum": ["number", "date", "name", "quote", "word"] },
            "text": { "type": "string" },
            "start": { "type": "integer", "description": "Byte offset into the summary." },
            "end": { "type": "integer" },
            "value": { "type": "string", "description": "The normalised value of a number." }
        }
    });
    let sentence = json!({
        "type": "object",
        "required": ["text", "start", "end", "score", "coverage", "copied", "support", "unsupported"],
        "properties": {
            "text": { "type": "string", "description": "Exactly summary[start..end]." },
            "start": { "type": "integer" },
            "end": { "type": "integer" },
            "score": { "type": "number" },
            "coverage": { "type": "number" },
            "copied": { "type": "number" },
            "support": { "type": "array", "items": support },
            "unsupported": { "type": "array", "items": unsupported }
        }
    });
    let schemas = json!({
        "VerifyRequest": {
            "type": "object",
            "required": ["summary"],
            "description": "Exactly one of `text` (or `article`) and `html`, and the `summary` to check against it.",
            "properties": {
                "text": { "type": "string", "description": "The article as plain text or CNN/DM .story text; alias `article`." },
                "article": { "type": "string", "description": "Alias of `text`." },
                "html": { "type": "string", "description": "The article's HTML page (its main text is extracted)." },
                "summary": { "oneOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ], "description": "The summary (an array: one sentence each). Lower-cased and Penn Treebank-tokenized text is read as such." },
                "id": { "type": "string", "description": "Echoed as `id` (default `request`)." },
                "include_text": { "type": "boolean", "default": false, "description": "Return the cleaned article (`text`) and the summary (`summary`) the byte offsets point into." },
                "clean": { "type": "boolean", "default": true, "description": "Remove captions, datelines, bylines and other boilerplate from the article first." },
                "lang": { "type": "string", "default": "auto", "description": "Language of the article (`auto` or ISO 639-1); the summary is read in it." }
            },
            "additionalProperties": false
        },
        "Verification": {
            "type": "object",
            "description": "The JSON of `precis verify --format json`.",
            "required": ["id", "lang", "score", "sentences", "unsupported", "source_sentences", "removed"],
            "properties": {
                "id": { "type": "string" },
                "lang": { "type": "string" },
                "score": { "type": "number", "minimum": 0, "maximum": 1, "description": "How well the article backs the summary (1: every sentence copied from it)." },
                "unsupported": { "type": "integer", "description": "Unsupported items over all sentences." },
                "source_sentences": { "type": "integer" },
                "truncated": { "type": "boolean" },
                "removed": { "type": "array", "items": { "type": "object" } },
                "summary": { "type": "string", "description": "Only with include_text." },
                "text": { "type": "string", "description": "The cleaned article (only with include_text)." },
                "sentences": { "type": "array", "items": sentence }
            }
        }
    });
    debug_assert!(VERIFY_FIELDS
        .iter()
        .all(|f| schemas["VerifyRequest"]["properties"].get(f).is_some()));
    schemas
}

fn ops() -> Vec<Op> {
    let json_of = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    let settings_params = json!([
        { "name": "method", "in": "query", "schema": { "type": "string" } },
        { "name": "sentences", "in": "query", "schema": { "type": "integer", "minimum": 1 } },
        { "name": "words", "in": "query", "schema": { "type": "integer", "minimum": 1 } },
        { "name": "ratio", "in": "query", "schema": { "type": "number" } },
        { "name": "order", "in": "query", "schema": { "type": "string", "enum": ["source", "score"] } },
        { "name": "include_text", "in": "query", "schema": { "type": "boolean" } },
        { "name": "clean", "in": "query", "schema": { "type": "boolean" } },
        { "name": "lang", "in": "query", "schema": { "type": "string" } }
    ]);
    const API_ERRORS: &[(u16, &str)] = &[
        (
            400,
            "Malformed JSON or invalid field (the message names it).",
        ),
        (408, "The request body did not arrive before the deadline."),
        (413, "The body is larger than the limit."),
        (
            415,
            "The body is not JSON (Content-Type missing or other than application/json; the batch also takes application/x-ndjson and application/jsonl), or it has a Content-Encoding.",
        ),
        (
            422,
            "Nothing to summarize (empty text, no sentence, oracle without reference, no article in the HTML); a ROUGE pair over the work limits (the message names the pair, the metric, the sizes and the limit), a rouge155 pair where the script dies (ROUGE-W over a reference without tokens), or a rouge155 bootstrap over its limit (-r × pairs).",
        ),
        (
            501,
            "A transfer coding other than chunked.",
        ),
        (
            503,
            "Busy (with Retry-After) or processing passed the deadline.",
        ),
    ];
    const FEED_ERRORS: &[(u16, &str)] = &[
        (
            400,
            "The server does not fetch URLs (started without --fetch-urls), malformed JSON, a missing `url`, a URL that is not http(s), or an invalid option (the message names it).",
        ),
        (
            403,
            "The feed's address is loopback, private, link-local or cloud metadata (after DNS or a redirect) and the server runs without --allow-private-urls; the message names the address and its kind. An item's page refused so is a RecordFailure item instead.",
        ),
        (408, "The request body did not arrive before the deadline."),
        (413, "The body is larger than the limit."),
        (415, "The body is not JSON, or it has a Content-Encoding."),
        (
            422,
            "The URL is not an RSS/Atom feed or XML sitemap, or it does not parse (the message names it).",
        ),
        (
            502,
            "The feed could not be fetched (HTTP status, timeout, connection failure, too large): the message names the URL.",
        ),
        (
            503,
            "Busy (with Retry-After), or the deadline passed before the feed itself arrived.",
        ),
    ];
    const SUMMARIZE_ERRORS: &[(u16, &str)] = &[
        API_ERRORS[0],
        (
            403,
            "`url`: the address is loopback, private, link-local or cloud metadata (after DNS or a redirect) and the server runs without --allow-private-urls; the message names it.",
        ),
        API_ERRORS[1],
        API_ERRORS[2],
        API_ERRORS[3],
        API_ERRORS[4],
        API_ERRORS[5],
        (
            502,
            "`url`: the page could not be fetched (HTTP status, timeout, connection failure, too large); the message names the URL.",
        ),
        API_ERRORS[6],
    ];
    vec![
        Op {
            path: "/v1/summarize",
            method: "post",
            summary: "Summarize one article into highlights with byte spans: given as `text` or `html`, or (servers started with --fetch-urls) a page `url` the server fetches.",
            request: Some(("application/json", json_of("SummarizeRequest"))),
            params: json!([]),
            ok: ("application/json", json_of("Highlights")),
            errors: SUMMARIZE_ERRORS,
        },
        Op {
            path: "/v1/summarize/batch",
            method: "post",
            summary: "JSONL in (one SummarizeRequest per line; `article` is an alias of `text`; the query sets defaults), JSONL out, streamed in input order, one line per record; a bad record gives one RecordFailure line, and so does each record left when the batch time budget runs out or the server shuts down.",
            request: Some(("application/x-ndjson", json_of("SummarizeRequest"))),
            params: settings_params,
            ok: ("application/x-ndjson", json!({ "oneOf": [json_of("Highlights"), json_of("RecordFailure")] })),
            errors: API_ERRORS,
        },
        Op {
            path: "/v1/summarize/feed",
            method: "post",
            summary: "Fetch a feed or sitemap (servers started with --fetch-urls only; 400 otherwise) and summarize its items in feed order: each item's page fetched through the address guard, or its own content with no_fetch. An item that fails is a RecordFailure and the others go on; the whole within the request deadline.",
            request: Some(("application/json", json_of("FeedRequest"))),
            params: json!([]),
            ok: ("application/json", json_of("FeedResponse")),
            errors: FEED_ERRORS,
        },
        Op {
            path: "/v1/rouge",
            method: "post",
            summary: "ROUGE of candidates against references, per pair and mean, in one of three flavours: rouge-score (default), rouge155 (the ROUGE-1.5.5 script, with its bootstrap Average and CI), multilingual (XL-Sum).",
            request: Some(("application/json", json_of("RougeRequest"))),
            params: json!([]),
            ok: ("application/json", json_of("RougeResponse")),
            errors: API_ERRORS,
        },
        Op {
            path: "/v1/verify",
            method: "post",
            summary: "Check a summary against its article sentence by sentence: a score in [0, 1], per summary sentence the article sentences it rests on and the content the article does not back (numbers, dates, names, quotations, words), with byte spans.",
            request: Some(("application/json", json_of("VerifyRequest"))),
            params: json!([]),
            ok: ("application/json", json_of("Verification")),
            errors: API_ERRORS,
        },
        Op {
            path: "/healthz",
            method: "get",
            summary: "Liveness.",
            request: None,
            params: json!([]),
            ok: ("application/json", json!({ "type": "object", "properties": { "status": { "type": "string" } } })),
            errors: &[],
        },
        Op {
            path: "/v1/config",
            method: "get",
            summary: "What this server allows: whether it fetches URLs and feeds, the feed item limits, the request deadline.",
            request: None,
            params: json!([]),
            ok: ("application/json", json_of("Config")),
            errors: &[],
        },
        Op {
            path: "/metrics",
            method: "get",
            summary: "Prometheus text metrics: requests by route and status, latency histogram, in flight, shed.",
            request: None,
            params: json!([]),
            ok: ("text/plain", json!({ "type": "string" })),
            errors: &[],
        },
        Op {
            path: "/openapi.json",
            method: "get",
            summary: "This document.",
            request: None,
            params: json!([]),
            ok: ("application/json", json!({ "type": "object" })),
            errors: &[],
        },
        Op {
            path: "/",
            method: "get",
            summary: "The web page.",
            request: None,
            params: json!([]),
            ok: ("text/html", json!({ "type": "string" })),
            errors: &[],
        },
    ]
}

/// The OpenAPI 3.0.3 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for op in ops() {
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({ "description": "OK", "content": { op.ok.0: { "schema": op.ok.1 } } }),
        );
        for (status, why) in op.errors {
            responses.insert(
                status.to_string(),
                json!({ "description": why, "content": { "application/json": { "schema": error_ref() } } }),
            );
        }
        let mut operation = json!({
            "summary": op.summary,
            "operationId": format!("{}{}", op.method, op.path.replace(['/', '.'], "_")),
            "responses": responses,
        });
        if op.params.as_array().is_some_and(|a| !a.is_empty()) {
            operation["parameters"] = op.params;
        }
        if let Some((mime, schema)) = op.request {
            operation["requestBody"] =
                json!({ "required": true, "content": { mime: { "schema": schema } } });
        }
        let entry = paths
            .entry(op.path.to_string())
            .or_insert_with(|| json!({}));
        entry[op.method] = operation;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "precis",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Story highlights for news articles, each traceable to its source sentence by UTF-8 byte spans."
        },
        "paths": paths,
        "components": { "schemas": schemas() }
    })
}
