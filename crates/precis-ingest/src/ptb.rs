//! Penn Treebank-tokenized text back to prose: `-lrb- cnn -rrb- -- the man , who was 42 , said
//! `` it 's over '' .` becomes `(cnn) -- the man, who was 42, said "it's over".`
//!
//! Research copies of CNN/DailyMail and most system outputs are tokenized this way (CoreNLP's
//! PTBTokenizer, NLTK's TreebankWordTokenizer). Highlights should read as prose and their spans
//! should point into what the user sees, so the cleaner detokenizes such text first.

/// Whether `text` looks Penn Treebank-tokenized, judging by its first 2 KB (text with no
/// spaced comma or `-lrb-` in its first kilobyte is not): bracket tokens
/// (`-lrb-`, `-rrb-`, ... in any case), or mostly spaced punctuation (` , ` and ` . ` more often
/// than `, ` and `. `, at least 3 times, two of them commas), or ``` `` ``` and `''` quote
/// tokens. One pass over the bytes.
pub fn looks_tokenized(text: &str) -> bool {
    let b = &text.as_bytes()[..text.len().min(2048)];
    // Prose has no spaced comma in its first kilobyte (PTB text has several): leave it after
    // one fast search.
    let mut q = text.len().min(1024);
    while !text.is_char_boundary(q) {
        q -= 1;
    }
    if !text[..q].contains(" , ") && !text[..q].contains("-lrb-") && !text[..q].contains("-LRB-") {
        return false;
    }
    let at = |i: usize| b.get(i).copied().unwrap_or(b' ');
    let (mut spaced_commas, mut spaced, mut glued) = (0usize, 0usize, 0usize);
    let (mut open_quotes, mut close_quotes) = (false, false);
    for i in 0..b.len() {
        match b[i] {
            c @ (b',' | b'.') if at(i + 1) == b' ' => {
                if i > 0 && b[i - 1] == b' ' {
                    spaced += 1;
                    spaced_commas += usize::from(c == b',');
                } else {
                    glued += 1;
                }
            }
            b'-' if i + 5 <= b.len() && b[i + 4] == b'-' => {
                let t = [b[i + 1] | 0x20, b[i + 2] | 0x20, b[i + 3] | 0x20];
                if matches!(t[0], b'l' | b'r') && matches!(t[1], b'r' | b's' | b'c') && t[2] == b'b'
                {
                    return true;
                }
            }
            b'`' if at(i + 1) == b'`' && at(i + 2) == b' ' => open_quotes = true,
            b'\'' if at(i + 1) == b'\'' && i > 0 && b[i - 1] == b' ' => close_quotes = true,
            _ => {}
        }
    }
    // Spaced commas too: Daily Mail bylines ("By . Sam Webb . PUBLISHED: .") space periods only.
    (spaced_commas >= 2 && spaced >= 3 && spaced > glued) || (open_quotes && close_quotes)
}

/// How a token joins its neighbours.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Glue {
    /// A word: spaces on both sides.
    Free,
    /// Attaches to the previous token (`,` `.` `)` `''` `'s` `n't`).
    Left,
    /// Attaches to the next token (`(` ``` `` ``` `$`).
    Right,
}

/// The prose form of a token and how it glues.
fn token(t: &str) -> (&str, Glue) {
    match t.to_ascii_lowercase().as_str() {
        "-lrb-" => ("(", Glue::Right),
        "-rrb-" => (")", Glue::Left),
        "-lsb-" => ("[", Glue::Right),
        "-rsb-" => ("]", Glue::Left),
        "-lcb-" => ("{", Glue::Right),
        "-rcb-" => ("}", Glue::Left),
        "``" => ("\"", Glue::Right),
        "''" => ("\"", Glue::Left),
        "`" => ("'", Glue::Right),
        "(" | "[" | "{" | "$" | "#" | "£" | "€" => (t, Glue::Right),
        "," | "." | ";" | ":" | "!" | "?" | "%" | ")" | "]" | "}" | "..." | "'s" | "'re"
        | "'ve" | "'ll" | "'d" | "'m" | "n't" | "'" => (t, Glue::Left),
        _ => (t, Glue::Free),
    }
}

/// Whitespace between tokens: what the cleaner trims from its lines (Unicode whitespace, the
/// byte-order mark and the zero-width space), not only the space: a token next to a tab or a
/// vertical tab is still a token (else `\u{b}-LRB-` stayed as it was and became `(` once the
/// cleaner had trimmed the line, so cleaning twice differed).
fn is_token_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Line breaks: the ones the cleaner splits lines at.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Detokenizes one line of Penn Treebank tokens (`--` stays a spaced dash).
fn line(l: &str, out: &mut String) {
    let mut prev: Option<Glue> = None;
    for t in l.split(is_token_space).filter(|t| !t.is_empty()) {
        let (s, glue) = token(t);
        if prev.is_some_and(|p| glue != Glue::Left && p != Glue::Right) {
            out.push(' ');
        }
        out.push_str(s);
        prev = Some(glue);
    }
}

/// Penn Treebank tokens back to prose (see the module docs). Line breaks are kept (`\r`,
/// U+2028 and U+2029 as `\n`, the cleaner's line breaks); tokens are separated by any
/// whitespace and joined by single spaces.
pub fn detokenize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (k, l) in text.split(is_line_break).enumerate() {
        if k > 0 {
            out.push('\n');
        }
        line(l, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detokenizes_cnn_ptb() {
        let t = "-lrb- cnn -rrb- -- the man , who was 42 , said `` it 's over '' . he did n't pay $ 5 -lrb- 10 % -rrb- .";
        assert!(looks_tokenized(t));
        assert_eq!(
            detokenize(t),
            "(cnn) -- the man, who was 42, said \"it's over\". he didn't pay $5 (10%)."
        );
        assert_eq!(detokenize("a .\nb ,  c"), "a.\nb, c");
    }

    /// Found by fuzzing (fuzz/ clean target): a bracket token after a vertical tab, a tab or
    /// a zero-width space was left as it was, then detokenized on a second cleaning.
    #[test]
    fn tokens_are_separated_by_any_whitespace() {
        assert_eq!(detokenize("\u{b}-LRB-"), "(");
        assert_eq!(detokenize("a\t,\u{200b}-lrb- b -rrb-"), "a, (b)");
        assert_eq!(detokenize("a .\r-LRB- b\u{2028}c ,"), "a.\n(b\nc,");
        for raw in ["\u{b}-LRB-", "x\u{2028}-lrb- cnn -rrb- -- a , b , c ."] {
            let once = crate::clean::clean_in(raw, crate::Lang::EN);
            let twice = crate::clean::clean_in(&once.text, crate::Lang::EN);
            assert_eq!(twice.text, once.text, "cleaning {raw:?} twice differs");
        }
    }

    #[test]
    fn prose_is_not_tokenized() {
        for t in [
            "The man, who was 42, said it's over. He left.",
            "He said: \"No.\" Then left, quickly, again, and again.",
            "Prices rose 5 % in May.",
        ] {
            assert!(!looks_tokenized(t), "{t}");
        }
        assert!(looks_tokenized(
            "the man , who was here , left . then he came back , again ."
        ));
        assert!(!looks_tokenized(
            "By . Daily Mail Reporter . PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: ."
        ));
    }
}
