//! Word tokenization for the summarizer.
//!
//! A word is a maximal run of alphanumeric characters (Unicode). Apostrophes and hyphens split
//! words ("Trump's" → "trump", "s"; "three-year" → "three", "year"), which is what the term
//! statistics of the scorers want and what ROUGE's tokenizer does for ASCII text.
//! [`lowercase_words`] yields each word lower-cased into a reused buffer, so the hot path
//! allocates nothing per token.

use std::ops::Range;

/// Byte spans of the words of `text`, in order.
pub fn word_spans(text: &str) -> WordSpans<'_> {
    WordSpans { text, pos: 0 }
}

/// Iterator returned by [`word_spans`].
#[derive(Debug, Clone)]
pub struct WordSpans<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for WordSpans<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let len = self.text.len();
        let mut i = self.pos;
        // Skip to the start of a word.
        while i < len {
            let (alnum, n) = alnum_at(self.text, i)?;
            if alnum {
                break;
            }
            i += n;
        }
        if i >= len {
            self.pos = len;
            return None;
        }
        let start = i;
        while i < len {
            let (alnum, n) = alnum_at(self.text, i)?;
            if !alnum {
                break;
            }
            i += n;
        }
        self.pos = i;
        Some(start..i)
    }
}

/// Whether the char at byte `i` (a char boundary) is alphanumeric, and its length in bytes.
#[inline(always)]
fn alnum_at(text: &str, i: usize) -> Option<(bool, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b.is_ascii_alphanumeric(), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c.is_alphanumeric(), c.len_utf8()))
}

/// Calls `f` with each word of `text` lower-cased (into a buffer reused across calls).
pub fn lowercase_words(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for span in word_spans(text) {
        let w = &text[span];
        if w.bytes().all(|b| !b.is_ascii_uppercase() && b < 0x80) {
            f(w);
        } else {
            buf.clear();
            if w.is_ascii() {
                buf.extend(w.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                for c in w.chars() {
                    buf.extend(c.to_lowercase());
                }
            }
            f(buf);
        }
    }
}

/// Number of words in `text` (as [`word_spans`] counts them).
pub fn word_count(text: &str) -> usize {
    word_spans(text).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = String::new();
        lowercase_words(t, &mut buf, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn splits_on_punctuation_and_lowercases() {
        assert_eq!(
            words("Trump's three-year deal, U.S. $95.5m!"),
            ["trump", "s", "three", "year", "deal", "u", "s", "95", "5m"]
        );
    }

    #[test]
    fn unicode_words() {
        assert_eq!(
            words("Müller’s CAFÉ — İstanbul"),
            ["müller", "s", "café", "i̇stanbul"]
        );
        assert_eq!(word_count("  \n "), 0);
    }

    #[test]
    fn spans_slice_the_text() {
        let t = "“Hello,” said Dr. Ng.";
        let got: Vec<&str> = word_spans(t).map(|r| &t[r]).collect();
        assert_eq!(got, ["Hello", "said", "Dr", "Ng"]);
    }
}
