//! Words of the source and of the summary as term ids with byte spans, the same for prose and
//! for Penn Treebank tokens: `-lrb-`-style bracket tokens are dropped, and "n't" reads as
//! "not" whether it is written "didn't" (prose: "didn" + "t") or "did n't" (PTB: "did" + "n" +
//! "t"), so that both give "did not".

use std::ops::Range;

use precis_text::tokenize;

use crate::analyze::Interner;

/// The token is a stop word.
pub(crate) const STOP: u8 = 1;
/// The token starts with a digit.
pub(crate) const DIGIT: u8 = 1 << 1;
/// The token starts with a capital letter as written.
pub(crate) const CAP: u8 = 1 << 2;

/// One word (or character bigram) of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    /// Byte span in the text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Term id (words with one stem share it), local to one verification.
    pub(crate) term: u32,
    pub(crate) flags: u8,
}

impl Tok {
    pub(crate) fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// A text cut into sentences, each a run of tokens.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub(crate) toks: Vec<Tok>,
    /// Per sentence: its token range in `toks`.
    pub(crate) sentences: Vec<Range<usize>>,
}

impl Tokens {
    pub(crate) fn sentence(&self, i: usize) -> &[Tok] {
        self.sentences
            .get(i)
            .and_then(|r| self.toks.get(r.clone()))
            .unwrap_or(&[])
    }
}

/// PTB bracket tokens (lower case, without their dashes).
const BRACKETS: [&str; 6] = ["lrb", "rrb", "lsb", "rsb", "lcb", "rcb"];

/// Tokenizes the `sentences` (byte spans) of `text` into `out`.
pub(crate) fn tokenize_into(
    text: &str,
    sentences: &[Range<usize>],
    interner: &mut Interner<'_>,
    out: &mut Tokens,
) {
    let mut buf = String::new();
    let (not, not_stop) = interner.term("not");
    for span in sentences {
        let first = out.toks.len();
        let Some(sentence) = text.get(span.clone()) else {
            out.sentences.push(first..first);
            continue;
        };
        let base = span.start;
        tokenize::lowercase_words_spanned(sentence, &mut buf, |r, w| {
            let (start, end) = (base + r.start, base + r.end);
            let b = text.as_bytes();
            if BRACKETS.contains(&w)
                && start > 0
                && b.get(start - 1) == Some(&b'-')
                && b.get(end) == Some(&b'-')
            {
                return;
            }
            let mut flags = 0;
            let c = text[start..].chars().next().unwrap_or(' ');
            if c.is_ascii_digit() {
                flags |= DIGIT;
            } else if c.is_uppercase() {
                flags |= CAP;
            }
            // "n't": the "t" after an apostrophe that follows an "n".
            if w == "t" && start >= 2 {
                let before = &text[..start];
                let apo = before
                    .char_indices()
                    .next_back()
                    .filter(|&(_, c)| c == '\'' || c == '’');
                if let Some((k, _)) = apo {
                    if before[..k].ends_with(['n', 'N']) {
                        if let Some(prev) = out.toks.last().copied().filter(|p| p.end == k) {
                            let prev_text = &text[prev.start..prev.end];
                            if prev_text.len() == 1 {
                                // PTB "did n't": the "n" goes.
                                out.toks.pop();
                            } else {
                                // Prose "didn't": "didn" becomes "did".
                                let cut = prev_text.to_lowercase();
                                let cut = cut.strip_suffix('n').unwrap_or(&cut);
                                let last = out.toks.len() - 1;
                                let (term, stop) = interner.term(cut);
                                out.toks[last].term = term;
                                out.toks[last].end = prev.end - 1;
                                out.toks[last].flags =
                                    (prev.flags & !STOP) | if stop { STOP } else { 0 };
                            }
                            out.toks.push(Tok {
                                start: prev.end - 1,
                                end,
                                term: not,
                                flags: if not_stop { STOP } else { 0 },
                            });
                            return;
                        }
                    }
                }
            }
            let (term, stop) = interner.term(w);
            if stop {
                flags |= STOP;
            }
            out.toks.push(Tok {
                start,
                end,
                term,
                flags,
            });
        });
        out.sentences.push(first..out.toks.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::with_interner;
    use precis_text::lang::Lang;

    fn words(text: &str) -> Vec<String> {
        with_interner(Lang::EN, |i| {
            let mut t = Tokens::default();
            tokenize_into(text, std::slice::from_ref(&(0..text.len())), i, &mut t);
            t.toks.iter().map(|k| i.stem(k.term).to_string()).collect()
        })
    }

    #[test]
    fn ptb_and_prose_read_alike() {
        assert_eq!(
            words("He didn't go -LRB- really -RRB-"),
            words("he did n't go -lrb- really -rrb-")
        );
        assert_eq!(words("They can't stay."), words("they ca n't stay ."));
        let w = words("it didn't");
        assert_eq!(w.len(), 3, "{w:?}");
    }

    #[test]
    fn flags() {
        with_interner(Lang::EN, |i| {
            let text = "The 3 Smiths";
            let mut t = Tokens::default();
            tokenize_into(text, std::slice::from_ref(&(0..text.len())), i, &mut t);
            assert!(t.toks[0].is(STOP) && t.toks[0].is(CAP));
            assert!(t.toks[1].is(DIGIT));
            assert!(t.toks[2].is(CAP) && !t.toks[2].is(STOP));
        });
    }
}
