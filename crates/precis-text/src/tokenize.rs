//! Word tokenization for the summarizer.
//!
//! A word is a maximal run of alphanumeric characters (Unicode). Apostrophes and hyphens split
//! words ("Trump's" → "trump", "s"; "three-year" → "three", "year"), which is what the term
//! statistics of the scorers want and what ROUGE's tokenizer does for ASCII text.
//! [`lowercase_words`] yields each word lower-cased into a reused buffer, so the hot path
//! allocates nothing per token.
//!
//! Scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese) have no words
//! to find: a run of them yields its overlapping character bigrams ("经济政策" → "经济", "济政",
//! "政策"; a lone character yields itself), so one unit stands for about one character. On
//! the UD Chinese and Japanese dev sets bigrams matched the word segmenters measured
//! (icu_segmenter, jieba-rs) on every proxy of the graph methods, at ten times their speed and
//! with no dictionary (ARCHITECTURE.md, "Decisions").

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
        let b = self.text.as_bytes();
        let len = b.len();
        let mut i = self.pos;
        // Skip to the start of a word (ASCII bytes by table, other chars decoded).
        while i < len {
            let c = b[i];
            let (alnum, n) = if c < 0x80 {
                (ASCII_ALNUM[c as usize], 1)
            } else {
                alnum_at(self.text, i)?
            };
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
            let c = b[i];
            let (alnum, n) = if c < 0x80 {
                (ASCII_ALNUM[c as usize], 1)
            } else {
                alnum_at(self.text, i)?
            };
            if !alnum {
                break;
            }
            i += n;
        }
        self.pos = i;
        Some(start..i)
    }
}

/// ASCII letters and digits.
static ASCII_ALNUM: [bool; 128] = {
    let mut t = [false; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// Whether the char at byte `i` (a char boundary) is alphanumeric (or a letter or mark of a
/// script without spaces), and its length in bytes.
#[inline(always)]
fn alnum_at(text: &str, i: usize) -> Option<(bool, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b.is_ascii_alphanumeric(), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c.is_alphanumeric() || is_unspaced(c), c.len_utf8()))
}

/// Letters (and combining marks) of the scripts written without spaces between words: Han,
/// hiragana, katakana, Thai, Lao, Khmer, Burmese.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3041..=0x30FF        // hiragana, katakana (not the CJK punctuation block)
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F      // half-width katakana
        | 0x20000..=0x3134F
        | 0x0E01..=0x0E3A | 0x0E40..=0x0E4E   // Thai letters and marks
        | 0x0E81..=0x0EDF      // Lao
        | 0x1780..=0x17D3      // Khmer
        | 0x1000..=0x103F) // Burmese letters and marks
}

/// Calls `f` with the units of a run of unspaced-script chars (the run starts at byte `at`
/// of the text): its overlapping bigrams, or the char itself when it stands alone.
fn unspaced_units(run: &str, at: usize, buf: &mut String, f: &mut impl FnMut(Range<usize>, &str)) {
    let mut it = run.char_indices().peekable();
    let Some(&(_, first)) = it.peek() else {
        return;
    };
    if run.len() == first.len_utf8() {
        f(at..at + run.len(), run);
        return;
    }
    while let Some((i, c)) = it.next() {
        let Some(&(_, d)) = it.peek() else {
            break;
        };
        let end = i + c.len_utf8() + d.len_utf8();
        buf.clear();
        buf.push_str(&run[i..end]);
        f(at + i..at + end, buf);
    }
}

/// Calls `f` with each word of `text` lower-cased (into a buffer reused across calls), and
/// with the character bigrams of unspaced scripts (see the module docs).
pub fn lowercase_words(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    lowercase_words_spanned(text, buf, |_, w| f(w));
}

/// [`lowercase_words`] with the byte span of each unit in `text` (a word, or the two
/// characters of a bigram).
pub fn lowercase_words_spanned(
    text: &str,
    buf: &mut String,
    mut f: impl FnMut(Range<usize>, &str),
) {
    for span in word_spans(text) {
        let w = &text[span.clone()];
        if w.bytes().all(|b| !b.is_ascii_uppercase() && b < 0x80) {
            f(span, w);
        } else if !w.is_ascii() && w.chars().any(is_unspaced) {
            // Runs of unspaced script give bigrams; other runs inside the word ("iPhone发布")
            // are words of their own.
            let mut start = 0;
            let mut unspaced = None;
            for (i, c) in w.char_indices().chain(std::iter::once((w.len(), ' '))) {
                let u = (i < w.len()).then(|| is_unspaced(c));
                if u != unspaced {
                    if let Some(kind) = unspaced {
                        let piece = &w[start..i];
                        if kind {
                            unspaced_units(piece, span.start + start, buf, &mut f);
                        } else {
                            buf.clear();
                            buf.extend(piece.chars().flat_map(char::to_lowercase));
                            f(span.start + start..span.start + i, buf);
                        }
                    }
                    start = i;
                    unspaced = u;
                }
            }
        } else {
            buf.clear();
            if w.is_ascii() {
                buf.extend(w.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                for c in w.chars() {
                    buf.extend(c.to_lowercase());
                }
            }
            f(span, buf);
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
    fn unspaced_scripts_give_bigrams() {
        assert_eq!(words("经济政策"), ["经济", "济政", "政策"]);
        assert_eq!(words("中 国"), ["中", "国"]);
        assert_eq!(words("iPhone发布了"), ["iphone", "发布", "布了"]);
        assert_eq!(words("東京都は"), ["東京", "京都", "都は"]);
        // Thai combining marks stay inside the run.
        assert_eq!(words("ประเทศ").len(), "ประเทศ".chars().count() - 1);
        assert_eq!(words("한국 정부"), ["한국", "정부"]);
    }

    #[test]
    fn spanned_units_slice_the_text() {
        for t in [
            "Trump's three-year deal, U.S. $95.5m!",
            "iPhone发布了 经济政策 中",
            "Müller’s CAFÉ",
        ] {
            let mut got = Vec::new();
            let mut buf = String::new();
            lowercase_words_spanned(t, &mut buf, |r, w| {
                assert_eq!(t[r.clone()].to_lowercase(), w, "{t}");
                got.push(w.to_string());
            });
            assert_eq!(got, words(t));
        }
    }

    #[test]
    fn spans_slice_the_text() {
        let t = "“Hello,” said Dr. Ng.";
        let got: Vec<&str> = word_spans(t).map(|r| &t[r]).collect();
        assert_eq!(got, ["Hello", "said", "Dr", "Ng"]);
    }
}
