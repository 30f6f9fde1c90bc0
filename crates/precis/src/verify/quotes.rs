//! Quoted spans of a text, in every common convention: “…”, „…“, «…», 「…」, "…", ‘…’,
//! '…' (not apostrophes: "it's", "players'", PTB "'s"), and Penn Treebank's `` … '' and
//! ` … '. Nested quotes are inside their outer quote; a quote left open runs to `limit`.

use std::ops::Range;

/// One quotation: the whole span (marks included) and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quote {
    pub(crate) span: Range<usize>,
    pub(crate) content: Range<usize>,
}

/// Contractions that follow an apostrophe in PTB text ("he 's", "we 're").
const CLITICS: [&str; 7] = ["s", "re", "ve", "ll", "d", "m", "t"];

fn prev_char(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

fn is_open_context(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | ':'))
}

/// Whether a straight or PTB single quote at `i` opens a quotation.
fn single_opens(text: &str, i: usize) -> bool {
    if !is_open_context(prev_char(text, i)) {
        return false;
    }
    let rest = text.get(i + 1..).unwrap_or("");
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    if word.is_empty() {
        return false;
    }
    // PTB clitics ("he 's", "did n't" is handled as a word elsewhere) and years ("'90s").
    let after = rest[word.len()..].chars().next();
    let is_clitic = CLITICS.contains(&word.to_lowercase().as_str())
        && after.is_none_or(|c| !c.is_alphanumeric());
    !is_clitic && !word.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a straight single quote (or ’) at `i` closes a quotation.
fn single_closes(text: &str, i: usize, len: usize) -> bool {
    let after = next_char(text, i + len);
    let prev = prev_char(text, i);
    after.is_none_or(|c| !c.is_alphanumeric()) && prev.is_some()
}

/// The closing mark expected for an opening mark at `i` (and the opener's length), if a
/// quotation opens there.
fn opener(text: &str, i: usize) -> Option<(usize, &'static [&'static str])> {
    let rest = text.get(i..)?;
    let c = rest.chars().next()?;
    let open_ctx = is_open_context(prev_char(text, i));
    Some(match c {
        '“' => (c.len_utf8(), &["”", "“"]),
        '„' => (c.len_utf8(), &["“", "”"]),
        '«' => (c.len_utf8(), &["»"]),
        '「' => (c.len_utf8(), &["」"]),
        '『' => (c.len_utf8(), &["』"]),
        '"' if open_ctx => (1, &["\""]),
        '‘' => (c.len_utf8(), &["’"]),
        '`' if rest.starts_with("``") => (2, &["''", "\""]),
        '`' => (1, &["'"]),
        '\'' if rest.starts_with("''") => return None,
        '\'' if single_opens(text, i) => (1, &["'"]),
        _ => return None,
    })
}

/// The quotations of `text[range]` (byte offsets into `text`).
pub(crate) fn quotes(text: &str, range: Range<usize>) -> Vec<Quote> {
    let mut out = Vec::new();
    let Some(slice) = text.get(range.clone()) else {
        return out;
    };
    let mut it = slice.char_indices().peekable();
    while let Some((k, _)) = it.next() {
        let i = range.start + k;
        let Some((olen, closers)) = opener(text, i) else {
            continue;
        };
        let content_start = i + olen;
        // Find the closer.
        let mut close: Option<(usize, usize)> = None;
        let mut j = content_start;
        while j < range.end {
            let Some(r) = text.get(j..range.end) else {
                break;
            };
            let Some(c) = r.chars().next() else { break };
            for cl in closers {
                if r.starts_with(cl) {
                    let ok = match *cl {
                        "'" | "’" => single_closes(text, j, cl.len()),
                        _ => true,
                    };
                    if ok && j > content_start {
                        close = Some((j, cl.len()));
                        break;
                    }
                }
            }
            if close.is_some() {
                break;
            }
            j += c.len_utf8();
        }
        let (content_end, end) = match close {
            Some((j, len)) => (j, j + len),
            None => (range.end, range.end),
        };
        out.push(Quote {
            span: i..end,
            content: content_start..content_end,
        });
        // Skip past the quotation.
        while it.peek().is_some_and(|&(k2, _)| range.start + k2 < end) {
            it.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn contents(t: &str) -> Vec<&str> {
        quotes(t, 0..t.len())
            .into_iter()
            .map(|q| &t[q.content])
            .collect()
    }

    #[test]
    fn conventions() {
        assert_eq!(contents("He said “we won” and left."), ["we won"]);
        assert_eq!(contents("He said \"we won\" and left."), ["we won"]);
        assert_eq!(
            contents("Er sagte „wir haben gewonnen“."),
            ["wir haben gewonnen"]
        );
        assert_eq!(
            contents("Il a dit « nous avons gagné »."),
            [" nous avons gagné "]
        );
        assert_eq!(contents("He said 'we won' and left."), ["we won"]);
        assert_eq!(
            contents("he said ` we 're no heroes ' ."),
            [" we 're no heroes "]
        );
        assert_eq!(contents("he said `` it 's over '' ."), [" it 's over "]);
        assert_eq!(contents("He said ‘it’s over’ today."), ["it’s over"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(contents("It's the players' ball and Jones's car.").is_empty());
        assert!(contents("he 's here and they 're there").is_empty());
        assert!(contents("back in the '90s").is_empty());
    }

    #[test]
    fn open_quote_runs_to_the_end() {
        assert_eq!(contents("She said: “we will win"), ["we will win"]);
    }

    proptest! {
        #[test]
        fn never_panics(t in "[a-z '\"`‘’“”«»„ ]{0,40}") {
            for q in quotes(&t, 0..t.len()) {
                prop_assert!(t.get(q.span.clone()).is_some() && t.get(q.content.clone()).is_some());
                prop_assert!(q.span.start <= q.content.start && q.content.end <= q.span.end);
            }
        }
    }
}
