#!/usr/bin/env bash
# Generates the large seeds (0.2-2 MB each) that reach the quadratic cases: ROUGE-L / Lsum on
# very long single lines, ROUGE-1.5.5's LCS, skip bigrams and ROUGE-W on long sentences, the
# oracle with a 5,000-line reference, 2,000-sentence and 25,000-sentence articles for the
# graph methods and MAX_SENTENCES, an HTML element with 170k attributes, 50k nested tables,
# deep nesting, long JSONL / CSV files, and a 1.9 MB HTTP request. They are written to
# fuzz/work/seeds/<target>/ (not in git; regenerated in about a second) and read by run.sh
# next to the small committed seeds in fuzz/corpus/<target>/.
#
# Usage: bash fuzz/seeds.sh [OUT_DIR]   (default fuzz/work/seeds). Needs bash and coreutils.
# Each input starts with the option bytes its target reads (see the targets' doc comments).
set -euo pipefail
cd "$(dirname "$0")"
out="${1:-work/seeds}"
rm -rf "$out"
mkdir -p "$out"/{segment,clean,readers,html,rouge,rouge155,summarize,http}

# The generators end `yes` with SIGPIPE, so they run without pipefail.
# rep STRING COUNT: STRING repeated COUNT times (STRING without newlines).
rep() { (set +o pipefail; yes -- "$1" | head -n "$2" | tr -d '\n'); }
# lines STRING COUNT: COUNT lines of STRING.
lines() { (set +o pipefail; yes -- "$1" | head -n "$2"); }
# article N: N numbered news sentences, four to a paragraph.
article() {
  local n=$1 i
  for ((i = 1; i <= n; i++)); do
    printf 'The council said on Monday that plan number %d would cost %d million dollars, officials said. ' "$i" "$((i * 7 % 1000))"
    if ((i % 4 == 0)); then printf '\n'; fi
  done
}
VOCAB='alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon'
VOCAB_REV='upsilon tau sigma rho pi omicron xi nu mu lambda kappa iota theta eta zeta epsilon delta gamma beta alpha'
# words N: N words cycling over a small vocabulary (an LCS with many matches).
words() { (set +o pipefail; yes -- "$VOCAB" | tr ' ' '\n' | head -n "$1" | tr '\n' ' '); }
# words_rev N: the same vocabulary in the reverse order.
words_rev() { (set +o pipefail; yes -- "$VOCAB_REV" | tr ' ' '\n' | head -n "$1" | tr '\n' ' '); }
flags() { printf "$@"; }   # option bytes, e.g. flags '\001\000'

# --- rouge: [options] reference \0 candidate
{ flags '\000'; rep 'a ' 490000; printf '\0'; rep 'b a ' 245000; } > "$out/rouge/lcs-refused-490k"
{ flags '\001'; words 120000; printf '\0'; words_rev 120000; } > "$out/rouge/lcs-near-limit-120k"
{ flags '\000'; lines "$(words 60)" 2000; printf '\0'; lines "$(words_rev 60)" 2000; } > "$out/rouge/lsum-2000-lines"
{ flags '\361'; lines 'the council said the plan would cost millions' 5000; printf '\0'; article 5000; } > "$out/rouge/oracle-5000-lines"
# ROUGE-Lsum line pairs: 20,000 one-token lines a side are over MAX_LCS_LINE_PAIRS (refused),
# 8,000 a side just under it (scored); one long line against many short ones, both ways.
{ flags '\000'; lines a 20000; printf '\0'; lines a 20000; } > "$out/rouge/lsum-one-token-lines-20k"
{ flags '\000'; lines a 8000; printf '\0'; lines 'b a' 8000; } > "$out/rouge/lsum-line-pairs-8000"
{ flags '\000'; rep 'a b ' 500000; printf '\0'; lines a 8000; } > "$out/rouge/lsum-long-ref-line"
{ flags '\000'; lines a 8000; printf '\0'; rep 'b a ' 500000; } > "$out/rouge/lsum-long-cand-line"
{ flags '\004'; rep '经济政策发展' 60000; printf '\0'; rep '发展经济' 60000; } > "$out/rouge/zh-jieba-long"

# --- rouge155: [option set, mode] peer \0 model
{ flags '\000\000'; rep 'a ' 490000; printf '\0'; rep 'b a ' 245000; } > "$out/rouge155/lcs-490k"
{ flags '\002\000'; rep 'a b ' 245000; printf '\0'; rep 'b a ' 245000; } > "$out/rouge155/skip-unlimited-490k"
{ flags '\001\000'; words 20000; printf '\0'; words_rev 20000; } > "$out/rouge155/wlcs-20k"
{ flags '\000\000'; article 2000; printf '\0'; article 2000; } > "$out/rouge155/sentences-2000"
{ flags '\000\000'; lines 'a.' 9000; printf '\0'; lines 'b a.' 9000; } > "$out/rouge155/sentence-pairs-9000"
{ flags '\005\004'; words 16000; printf '\0'; words_rev 16000; } > "$out/rouge155/wlcs-eval-16k"
{ flags '\000\001'; printf '<html><body>'; for ((i = 1; i <= 5000; i++)); do printf '<a name="%d">[%d]</a> <a href="#%d" id=%d>The plan %d was approved.</a>\n' "$i" "$i" "$i" "$i" "$i"; done; printf '</body></html>\0<html><body><a name="1">[1]</a> <a href="#1" id=1>The plan was approved.</a></body></html>'; } > "$out/rouge155/see-5000"

# --- segment: [language, case] text
{ flags '\001\000'; article 2000; } > "$out/segment/article-2000"
{ flags '\001\000'; rep 'word ' 200000; } > "$out/segment/one-line-no-marks"
{ flags '\001\000'; rep '.' 1000000; } > "$out/segment/dots"
{ flags '\001\001'; rep 'A. ' 300000; } > "$out/segment/initials"
{ flags '\001\001'; rep 'Mr. ' 250000; } > "$out/segment/titles"
{ flags '\001\000'; printf '1. '; for ((i = 2; i <= 50000; i++)); do printf 'item %d. ' "$i"; done; } > "$out/segment/list-markers"
{ flags '\002\000'; rep '“Ja.” ' 150000; } > "$out/segment/quotes-de"
{ flags '\017\000'; rep '「はい。」と言った。' 50000; } > "$out/segment/ja-quotes"
{ flags '\000\000'; head -c 1000000 /dev/zero | tr '\0' '\n'; } > "$out/segment/newlines"

# --- clean: [language] text
{ flags '\001'; article 2000; } > "$out/clean/article-2000"
{ flags '\001'; lines '(CNN)' 100000; } > "$out/clean/datelines"
{ flags '\001'; echo 'Story highlights'; lines 'The storm hit the coast' 60000; } > "$out/clean/highlights"
{ flags '\001'; rep 'By . ' 200000; } > "$out/clean/bylines"
{ flags '\001'; rep '-lrb- cnn -rrb- -- `` a , b '"''"' . ' 50000; } > "$out/clean/ptb"

# --- summarize: [options, language] article \0 reference
{ flags '\000\000'; article 2000; } > "$out/summarize/article-2000"
{ flags '\000\000'; for ((i = 1; i <= 25000; i++)); do printf 'Plan %d was approved today.\n' "$i"; done; } > "$out/summarize/sentences-25000"
{ flags '\001\000'; article 5000; printf '\0'; lines 'the council said the plan would cost millions' 5000; } > "$out/summarize/oracle-5000"
{ flags '\200\016'; rep '经济政策发展。' 100000; } > "$out/summarize/zh-long"

# --- readers: [options] bytes
{ flags '\004'; for ((i = 1; i <= 2000; i++)); do printf '{"id":"r%d","article":"Plan %d was approved on Monday, officials said. It will cost %d million dollars.","highlights":"Plan approved\\nCost","systems":{"lead":"Plan approved."}}\n' "$i" "$i" "$i"; done; } > "$out/readers/jsonl-2000"
{ flags '\000'; echo 'id,article,highlights'; for ((i = 1; i <= 2000; i++)); do printf 'r%d,"Plan %d was approved on Monday, ""officials"" said.\nIt will cost money.","Plan approved"\n' "$i" "$i"; done; } > "$out/readers/csv-2000"
{ flags '\000'; article 40; printf '\n'; lines $'@highlight\n\nA highlight line\n' 80000; } > "$out/readers/story-20000-highlights"
{ flags '\000'; printf '{"id":"big","article":"'; article 8000 | tr '\n' ' '; printf '"}\n'; } > "$out/readers/jsonl-one-2mb-line"
{ flags '\000'; rep '[' 100000; } > "$out/readers/json-deep"

# --- html: page bytes
{ printf '<!doctype html><html><body><div'; for ((i = 0; i < 170000; i++)); do printf ' a%d=x' "$i"; done; printf '><p>The council said on Monday that the plan would cost millions of dollars.</p></div></body></html>'; } > "$out/html/attributes-170k"
{ printf '<!doctype html><html><body>'; rep '<table><tr><td>' 50000; printf '<p>The council said on Monday that the plan would cost millions of dollars.</p></body></html>'; } > "$out/html/nested-tables-50k"
{ printf '<!doctype html><html><body>'; rep '<div>' 100000; printf '<p>The council said on Monday that the plan would cost millions of dollars.</p>'; rep '</div>' 100000; printf '</body></html>'; } > "$out/html/nested-divs-100k"
{ printf '<!doctype html><html><body>'; rep '<b><i>' 50000; printf 'The council said on Monday that the plan would cost millions.</p>'; } > "$out/html/formatting-50k"
{ printf '<!doctype html><html><body>'; for ((i = 0; i < 60000; i++)); do printf '<span a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8>x'; done; printf '<p>The council said on Monday that the plan would cost millions of dollars.</p></body></html>'; } > "$out/html/many-tags-attributes"
{ printf '<!doctype html><html><body>'; rep '<ul><li>' 60000; printf 'The council said on Monday that the plan would cost millions.'; } > "$out/html/unclosed-lists-60k"
{ printf '<!doctype html><html><body>'; rep '<svg><foreignObject><math><mi>' 20000; printf '<p>The council said on Monday that the plan would cost millions.</p>'; } > "$out/html/foreign-content-20k"
{ printf '<!doctype html><html><body><div'; rep ' a="x' 200000; printf '">text</div></body></html>'; } > "$out/html/unterminated-attribute"
{ printf '<!doctype html><html><body><article>'; article 2000 | sed 's/^/<p>/; s/$/<\/p>/'; printf '</article></body></html>'; } > "$out/html/paragraphs-500"

# --- http: one connection's bytes
post() { # post PATH CONTENT-TYPE BODY_FILE
  printf 'POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n' "$1" "$2" "$(wc -c < "$3")"
  cat "$3"
}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
{ printf '{"candidates":["'; rep 'b a ' 230000; printf '"],"reference":"'; rep 'a ' 460000; printf '"}'; } > "$tmp/rouge.json"
post /v1/rouge application/json "$tmp/rouge.json" > "$out/http/rouge-lcs-refused"
{ for ((i = 1; i <= 300; i++)); do printf '{"id":"r%d","text":"' "$i"; article 12 | tr '\n' ' '; printf '","method":"lexrank"}\n'; done; } > "$tmp/batch.jsonl"
post '/v1/summarize/batch?sentences=2' application/x-ndjson "$tmp/batch.jsonl" > "$out/http/batch-300"
{ printf '{"text":"'; article 2000 | tr '\n' ' '; printf '","method":"textrank"}'; } > "$tmp/summarize.json"
post /v1/summarize application/json "$tmp/summarize.json" > "$out/http/summarize-2000"
{ printf '{"html":"<div'; for ((i = 0; i < 150000; i++)); do printf ' a%d=x' "$i"; done; printf '><p>The council said on Monday that the plan would cost millions of dollars.</p></div>","method":"lead"}'; } > "$tmp/html.json"
post /v1/summarize application/json "$tmp/html.json" > "$out/http/html-attributes-150k"
{ printf '{"flavor":"rouge155","rouge155_options":"-n 2 -w 1.2 -2 -1 -u","candidates":["'; rep 'a b. ' 150000; printf '"],"reference":"'; rep 'b a. ' 150000; printf '"}'; } > "$tmp/rouge155.json"
post /v1/rouge application/json "$tmp/rouge155.json" > "$out/http/rouge155-long"

du -sh "$out"/* | sed 's|^|seeds: |'
