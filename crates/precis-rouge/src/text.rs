//! rouge-score's tokenizer (`rouge_score/tokenize.py`) producing interned `u32` token ids.
//!
//! Tokens are the maximal runs of `[a-z0-9]` in Python's `text.lower()`. Python's full Unicode
//! lower-casing only produces ASCII letters/digits from ASCII letters/digits and from two other
//! code points: U+0130 `İ` → `i` + U+0307 and U+212A KELVIN SIGN → `k` (checked over every code
//! point with Python 3.11); every other non-ASCII character is a separator. Tokens longer than 3
//! bytes are stemmed with NLTK's Porter stemmer when stemming is on.

use std::collections::HashMap;

use crate::hash::MixBuild;
use precis_text::stem::stem_ascii_into;

/// Above this many interned strings the vocabulary is cleared at the start of the next call, so a
/// long-running thread's memory stays bounded (ids only need to be consistent within a call).
const VOCAB_CAP: usize = 1 << 21;

/// Tokens of at most this many bytes are keyed by a `u128` (bytes little-endian, zero padded;
/// tokens never contain a zero byte, so the key is unique).
const SHORT: usize = 16;

#[inline(always)]
fn short_key(tok: &[u8]) -> u128 {
    let mut a = [0u8; SHORT];
    a[..tok.len()].copy_from_slice(tok);
    u128::from_le_bytes(a)
}

/// Interns token strings (after optional stemming) to dense `u32` ids.
#[derive(Default)]
pub(crate) struct Vocab {
    /// final token form -> id (short forms, long forms)
    short: HashMap<u128, u32, MixBuild>,
    long: HashMap<Box<[u8]>, u32, MixBuild>,
    /// raw token (longer than 3 bytes) -> id of its stem (stemming mode only)
    stem_short: HashMap<u128, u32, MixBuild>,
    stem_long: HashMap<Box<[u8]>, u32, MixBuild>,
    stem_buf: Vec<u8>,
}

impl Vocab {
    pub(crate) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Clears the vocabulary if it has grown past the cap. Call only between calls, never while
    /// ids from an earlier tokenization are still in use.
    pub(crate) fn maybe_reset(&mut self) {
        if self.len() > VOCAB_CAP || self.stem_short.len() + self.stem_long.len() > VOCAB_CAP {
            *self = Self::default();
        }
    }

    /// Id of a final token form.
    #[inline]
    fn intern(&mut self, tok: &[u8]) -> u32 {
        let next = self.len() as u32;
        if tok.len() <= SHORT {
            *self.short.entry(short_key(tok)).or_insert(next)
        } else {
            if let Some(&id) = self.long.get(tok) {
                return id;
            }
            self.long.insert(tok.into(), next);
            next
        }
    }

    /// Id of raw token `tok` (lower-case ASCII letters and digits), stemmed if asked and longer
    /// than 3 bytes (rouge-score's rule).
    #[inline]
    pub(crate) fn id(&mut self, tok: &[u8], use_stemmer: bool) -> u32 {
        if !use_stemmer || tok.len() <= 3 {
            return self.intern(tok);
        }
        let key = (tok.len() <= SHORT).then(|| short_key(tok));
        let hit = match key {
            Some(k) => self.stem_short.get(&k),
            None => self.stem_long.get(tok),
        };
        if let Some(&id) = hit {
            return id;
        }
        let mut buf = std::mem::take(&mut self.stem_buf);
        if !stem_ascii_into(tok, &mut buf) {
            buf.clear();
            buf.extend_from_slice(tok);
        }
        let id = self.intern(&buf);
        self.stem_buf = buf;
        match key {
            Some(k) => self.stem_short.insert(k, id),
            None => self.stem_long.insert(tok.into(), id),
        };
        id
    }

    /// The final forms by id (for [`tokenize`]).
    fn names(&self) -> Vec<String> {
        let mut names = vec![String::new(); self.len()];
        for (&k, &v) in &self.short {
            let bytes: Vec<u8> = k
                .to_le_bytes()
                .into_iter()
                .take_while(|&b| b != 0)
                .collect();
            if let Some(slot) = names.get_mut(v as usize) {
                *slot = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
        for (k, &v) in &self.long {
            if let Some(slot) = names.get_mut(v as usize) {
                *slot = String::from_utf8_lossy(k).into_owned();
            }
        }
        names
    }
}

/// A tokenized text: ids in order, plus the token ranges of its `"\n"`-separated lines that
/// contain at least one token (lines without tokens never contribute to ROUGE-Lsum).
#[derive(Default)]
pub(crate) struct Tokens {
    pub(crate) ids: Vec<u32>,
    pub(crate) lines: Vec<(u32, u32)>,
}

impl Tokens {
    pub(crate) fn line(&self, k: usize) -> &[u32] {
        let (a, b) = self.lines[k];
        &self.ids[a as usize..b as usize]
    }
}

/// Tokenizes `text` like rouge-score into `out` (cleared first), interning through `vocab`.
pub(crate) fn tokenize_into(
    text: &str,
    use_stemmer: bool,
    vocab: &mut Vocab,
    tok: &mut Vec<u8>,
    out: &mut Tokens,
) {
    out.ids.clear();
    out.lines.clear();
    tok.clear();
    let mut line_start = 0u32;
    let bytes = text.as_bytes();
    let mut i = 0;
    macro_rules! flush {
        () => {
            if !tok.is_empty() {
                let id = vocab.id(tok, use_stemmer);
                out.ids.push(id);
                tok.clear();
            }
        };
    }
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                tok.push(b.to_ascii_lowercase());
            } else {
                flush!();
                if b == b'\n' {
                    let end = out.ids.len() as u32;
                    if end > line_start {
                        out.lines.push((line_start, end));
                    }
                    line_start = end;
                }
            }
            i += 1;
        } else {
            let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
            i += ch.len_utf8().max(1);
            match ch {
                // 'İ'.lower() == "i\u{307}": an `i`, then a separator.
                '\u{130}' => {
                    tok.push(b'i');
                    flush!();
                }
                // KELVIN SIGN lower-cases to ASCII 'k'.
                '\u{212A}' => tok.push(b'k'),
                _ => flush!(),
            }
        }
    }
    flush!();
    let end = out.ids.len() as u32;
    if end > line_start {
        out.lines.push((line_start, end));
    }
}

/// rouge-score's `tokenize(text, stemmer)` as strings (convenience; the scorer works on ids).
pub fn tokenize(text: &str, use_stemmer: bool) -> Vec<String> {
    let mut vocab = Vocab::default();
    let mut tok = Vec::new();
    let mut out = Tokens::default();
    tokenize_into(text, use_stemmer, &mut vocab, &mut tok, &mut out);
    let names = vocab.names();
    out.ids
        .iter()
        .map(|&i| names.get(i as usize).cloned().unwrap_or_default())
        .collect()
}
