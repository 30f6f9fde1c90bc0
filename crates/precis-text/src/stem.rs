//! A port of NLTK's Porter stemmer (`nltk.stem.porter.PorterStemmer`) in its default
//! `NLTK_EXTENSIONS` mode, as used by Google's `rouge-score` (`use_stemmer=True`).
//!
//! Ported from NLTK 3.10.4 `nltk/stem/porter.py`.
//! Copyright (C) 2001-2024 NLTK Project; authors Martin Porter (algorithm), Vivake Gupta,
//! Barry Wilkins, Stuart Robinson, Mark Amery and other NLTK contributors.
//! NLTK is licensed under the Apache License, Version 2.0 (<http://www.apache.org/licenses/LICENSE-2.0>).
//! This file is a derivative work; changes: translated to Rust, works on bytes (ASCII) or
//! `char`s (= Python code points) without intermediate strings.
//!
//! Exactness: every step follows NLTK's code path, including its quirks (for instance the
//! literal `*d` suffix test in step 1b and the length check on the *original* word). The
//! golden test `tests/stem_nltk.rs` compares against NLTK on every token of the shared data sets
//! plus synthetic suffix-shaped tokens.

use crate::hash::FxBuild;
use std::collections::HashMap;

/// A letter of the word being stemmed: a byte (ASCII fast path) or a `char` (general path).
trait Letter: Copy + Eq {
    fn from_ascii(b: u8) -> Self;
    fn is(self, b: u8) -> bool;
}

impl Letter for u8 {
    #[inline(always)]
    fn from_ascii(b: u8) -> Self {
        b
    }
    #[inline(always)]
    fn is(self, b: u8) -> bool {
        self == b
    }
}

impl Letter for char {
    #[inline(always)]
    fn from_ascii(b: u8) -> Self {
        b as char
    }
    #[inline(always)]
    fn is(self, b: u8) -> bool {
        self == b as char
    }
}

#[inline(always)]
fn is_vowel<L: Letter>(c: L) -> bool {
    c.is(b'a') || c.is(b'e') || c.is(b'i') || c.is(b'o') || c.is(b'u')
}

/// NLTK `_is_consonant(word, i)` (iterative form of the `y` rule).
#[inline]
fn is_consonant<L: Letter>(w: &[L], mut i: usize) -> bool {
    if is_vowel(w[i]) {
        return false;
    }
    if w[i].is(b'y') {
        let mut negate = false;
        while i > 0 && w[i].is(b'y') {
            negate = !negate;
            i -= 1;
        }
        return is_vowel(w[i]) == negate;
    }
    true
}

/// Whether letter `c` at index `i` is a consonant, given whether the letter before it was one
/// (NLTK's recursive `y` rule, carried forward).
#[inline(always)]
fn cons_after<L: Letter>(c: L, i: usize, prev_cons: bool) -> bool {
    if is_vowel(c) {
        false
    } else if c.is(b'y') {
        i == 0 || !prev_cons
    } else {
        true
    }
}

/// NLTK `_measure`: number of "vc" transitions in the consonant/vowel sequence.
#[inline]
fn measure<L: Letter>(stem: &[L]) -> usize {
    let mut m = 0;
    let mut prev_cons = false;
    for (i, &c) in stem.iter().enumerate() {
        let cons = cons_after(c, i, prev_cons);
        if i > 0 && cons && !prev_cons {
            m += 1;
        }
        prev_cons = cons;
    }
    m
}

/// NLTK `_contains_vowel`.
#[inline]
fn contains_vowel<L: Letter>(stem: &[L]) -> bool {
    let mut prev_cons = false;
    for (i, &c) in stem.iter().enumerate() {
        let cons = cons_after(c, i, prev_cons);
        if !cons {
            return true;
        }
        prev_cons = cons;
    }
    false
}

/// NLTK `_ends_double_consonant` (condition `*d`).
#[inline]
fn ends_double_consonant<L: Letter>(w: &[L]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// NLTK `_ends_cvc` (condition `*o`) with the NLTK_EXTENSIONS two-letter case.
#[inline]
fn ends_cvc<L: Letter>(w: &[L]) -> bool {
    let n = w.len();
    (n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !(w[n - 1].is(b'w') || w[n - 1].is(b'x') || w[n - 1].is(b'y')))
        || (n == 2 && !is_consonant(w, 0) && is_consonant(w, 1))
}

#[inline(always)]
fn ends_with<L: Letter>(w: &[L], suffix: &[u8]) -> bool {
    w.len() >= suffix.len()
        && w[w.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(&c, &s)| c.is(s))
}

/// Replaces the last `cut` letters of `w` by `repl`.
#[inline(always)]
fn replace_tail<L: Letter>(w: &mut Vec<L>, cut: usize, repl: &[u8]) {
    let keep = w.len() - cut;
    w.truncate(keep);
    w.extend(repl.iter().map(|&b| L::from_ascii(b)));
}

/// Condition of a suffix rule, evaluated on the stem (the word without the suffix) and,
/// for NLTK's `logi` and `ll` rules, on the whole word.
#[derive(Clone, Copy)]
enum Cond {
    None,
    MGt0,
    MGt1,
    /// step 4 `ion`: m > 1 and stem ends with `s` or `t`.
    Ion,
    /// step 2 `logi` (NLTK): m(word[:-3]) > 0.
    Logi,
    /// step 1c (NLTK): len(stem) > 1 and stem ends with a consonant.
    Y,
}

#[inline]
fn check<L: Letter>(cond: Cond, word: &[L], stem: &[L]) -> bool {
    match cond {
        Cond::None => true,
        Cond::MGt0 => measure(stem) > 0,
        Cond::MGt1 => measure(stem) > 1,
        Cond::Ion => measure(stem) > 1 && stem.last().is_some_and(|&c| c.is(b's') || c.is(b't')),
        Cond::Logi => measure(&word[..word.len() - 3]) > 0,
        Cond::Y => stem.len() > 1 && is_consonant(stem, stem.len() - 1),
    }
}

/// NLTK `_apply_rule_list` for plain suffix rules: the first rule whose suffix matches decides;
/// if its condition fails, the word is left unchanged. Returns whether a suffix matched.
#[inline]
fn apply_rules<L: Letter>(w: &mut Vec<L>, rules: &[(&[u8], &[u8], Cond)]) {
    for &(suffix, repl, cond) in rules {
        if ends_with(w, suffix) {
            let stem_len = w.len() - suffix.len();
            if check(cond, w, &w[..stem_len]) {
                replace_tail(w, suffix.len(), repl);
            }
            return;
        }
    }
}

fn step1a<L: Letter>(w: &mut Vec<L>) {
    if ends_with(w, b"ies") && w.len() == 4 {
        replace_tail(w, 3, b"ie");
        return;
    }
    apply_rules(
        w,
        &[
            (b"sses", b"ss", Cond::None),
            (b"ies", b"i", Cond::None),
            (b"ss", b"ss", Cond::None),
            (b"s", b"", Cond::None),
        ],
    );
}

fn step1b<L: Letter>(w: &mut Vec<L>) {
    if ends_with(w, b"ied") {
        if w.len() == 4 {
            replace_tail(w, 3, b"ie");
        } else {
            replace_tail(w, 3, b"i");
        }
        return;
    }
    if ends_with(w, b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            replace_tail(w, 3, b"ee");
        }
        return;
    }
    let mut cut = 0;
    for suffix in [&b"ed"[..], &b"ing"[..]] {
        if ends_with(w, suffix) && contains_vowel(&w[..w.len() - suffix.len()]) {
            cut = suffix.len();
            break;
        }
    }
    if cut == 0 {
        return;
    }
    // `intermediate_stem`
    w.truncate(w.len() - cut);
    let n = w.len();
    if ends_with(w, b"at") || ends_with(w, b"bl") || ends_with(w, b"iz") {
        w.push(L::from_ascii(b'e'));
        return;
    }
    // ("*d", intermediate_stem[-1], last not in l/s/z). NLTK also tests the literal
    // suffix "*d" when the word does not end with a double consonant.
    if ends_double_consonant(w) || ends_with(w, b"*d") {
        let last = w[n - 1];
        if !(last.is(b'l') || last.is(b's') || last.is(b'z')) {
            w.truncate(n - 2);
            w.push(last);
        }
        return;
    }
    // ("", "e", m == 1 and *o)
    if measure(w) == 1 && ends_cvc(w) {
        w.push(L::from_ascii(b'e'));
    }
}

fn step1c<L: Letter>(w: &mut Vec<L>) {
    apply_rules(w, &[(b"y", b"i", Cond::Y)]);
}

const STEP2: &[(&[u8], &[u8], Cond)] = &[
    (b"ational", b"ate", Cond::MGt0),
    (b"tional", b"tion", Cond::MGt0),
    (b"enci", b"ence", Cond::MGt0),
    (b"anci", b"ance", Cond::MGt0),
    (b"izer", b"ize", Cond::MGt0),
    (b"bli", b"ble", Cond::MGt0),
    (b"alli", b"al", Cond::MGt0),
    (b"entli", b"ent", Cond::MGt0),
    (b"eli", b"e", Cond::MGt0),
    (b"ousli", b"ous", Cond::MGt0),
    (b"ization", b"ize", Cond::MGt0),
    (b"ation", b"ate", Cond::MGt0),
    (b"ator", b"ate", Cond::MGt0),
    (b"alism", b"al", Cond::MGt0),
    (b"iveness", b"ive", Cond::MGt0),
    (b"fulness", b"ful", Cond::MGt0),
    (b"ousness", b"ous", Cond::MGt0),
    (b"aliti", b"al", Cond::MGt0),
    (b"iviti", b"ive", Cond::MGt0),
    (b"biliti", b"ble", Cond::MGt0),
    (b"fulli", b"ful", Cond::MGt0),
    (b"logi", b"log", Cond::Logi),
];

fn step2<L: Letter>(w: &mut Vec<L>) {
    if ends_with(w, b"alli") && measure(&w[..w.len() - 4]) > 0 {
        // NLTK re-runs step 2 on the result; "…al" cannot end with "alli" again.
        replace_tail(w, 4, b"al");
    }
    apply_rules(w, STEP2);
}

fn step3<L: Letter>(w: &mut Vec<L>) {
    apply_rules(
        w,
        &[
            (b"icate", b"ic", Cond::MGt0),
            (b"ative", b"", Cond::MGt0),
            (b"alize", b"al", Cond::MGt0),
            (b"iciti", b"ic", Cond::MGt0),
            (b"ical", b"ic", Cond::MGt0),
            (b"ful", b"", Cond::MGt0),
            (b"ness", b"", Cond::MGt0),
        ],
    );
}

fn step4<L: Letter>(w: &mut Vec<L>) {
    apply_rules(
        w,
        &[
            (b"al", b"", Cond::MGt1),
            (b"ance", b"", Cond::MGt1),
            (b"ence", b"", Cond::MGt1),
            (b"er", b"", Cond::MGt1),
            (b"ic", b"", Cond::MGt1),
            (b"able", b"", Cond::MGt1),
            (b"ible", b"", Cond::MGt1),
            (b"ant", b"", Cond::MGt1),
            (b"ement", b"", Cond::MGt1),
            (b"ment", b"", Cond::MGt1),
            (b"ent", b"", Cond::MGt1),
            (b"ion", b"", Cond::Ion),
            (b"ou", b"", Cond::MGt1),
            (b"ism", b"", Cond::MGt1),
            (b"ate", b"", Cond::MGt1),
            (b"iti", b"", Cond::MGt1),
            (b"ous", b"", Cond::MGt1),
            (b"ive", b"", Cond::MGt1),
            (b"ize", b"", Cond::MGt1),
        ],
    );
}

fn step5a<L: Letter>(w: &mut Vec<L>) {
    if ends_with(w, b"e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            w.pop();
        }
    }
}

fn step5b<L: Letter>(w: &mut Vec<L>) {
    // ("ll", "l", m(word[:-1]) > 1)
    if ends_with(w, b"ll") && measure(&w[..w.len() - 1]) > 1 {
        w.pop();
    }
}

/// NLTK's irregular-forms pool (NLTK_EXTENSIONS), looked up before any step.
fn pool<L: Letter>(w: &[L]) -> Option<&'static str> {
    const POOL: &[(&str, &str)] = &[
        ("sky", "sky"),
        ("skies", "sky"),
        ("dying", "die"),
        ("lying", "lie"),
        ("tying", "tie"),
        ("news", "news"),
        ("innings", "inning"),
        ("inning", "inning"),
        ("outings", "outing"),
        ("outing", "outing"),
        ("cannings", "canning"),
        ("canning", "canning"),
        ("howe", "howe"),
        ("proceed", "proceed"),
        ("exceed", "exceed"),
        ("succeed", "succeed"),
    ];
    if w.len() < 3 || w.len() > 8 {
        return None;
    }
    POOL.iter()
        .find(|(k, _)| k.len() == w.len() && k.bytes().zip(w).all(|(b, &c)| c.is(b)))
        .map(|&(_, v)| v)
}

/// Runs steps 1a..5b on an already lower-cased word (NLTK's `stem` after the pool and
/// length checks).
fn run_steps<L: Letter>(w: &mut Vec<L>) {
    step1a(w);
    step1b(w);
    step1c(w);
    step2(w);
    step3(w);
    step4(w);
    step5a(w);
    step5b(w);
}

/// Stems a lower-case ASCII word held in `buf` (in place). `orig_len` is the length of the
/// word before lower-casing (NLTK tests `len(word) <= 2` on the original).
fn stem_ascii_in_place(buf: &mut Vec<u8>, orig_len: usize) {
    if let Some(p) = pool(buf) {
        buf.clear();
        buf.extend_from_slice(p.as_bytes());
        return;
    }
    if orig_len <= 2 {
        return;
    }
    run_steps(buf);
}

fn stem_unicode(word: &str) -> String {
    // Python `str.lower()`; `len(word)` counts code points of the original word.
    let orig_len = word.chars().count();
    let mut w: Vec<char> = word.to_lowercase().chars().collect();
    if let Some(p) = pool(&w) {
        return p.to_string();
    }
    if orig_len > 2 {
        run_steps(&mut w);
    }
    w.into_iter().collect()
}

/// NLTK `PorterStemmer().stem(word)` in NLTK_EXTENSIONS mode (input expected lower-case;
/// like NLTK, the word is lower-cased first).
///
/// One difference on capitalised input: NLTK looks its irregular forms ("skies", "dying",
/// "news"...) up *before* lower-casing, so it stems "Skies" as "ski", where this gives "sky"
/// (the stem of "skies"). Every caller in precis (and rouge-score) passes lower-case words,
/// where the two agree.
///
/// ASCII words are stemmed on bytes; other words on `char`s (Python code points), with
/// Rust's Unicode lower-casing standing in for Python's `str.lower()`.
pub fn stem(word: &str) -> String {
    let mut buf = Vec::with_capacity(word.len() + 2);
    if stem_ascii_into(word.as_bytes(), &mut buf) {
        // Only ASCII bytes are ever written.
        String::from_utf8(buf).unwrap_or_default()
    } else {
        stem_unicode(word)
    }
}

/// Stems an ASCII word into `out` (cleared first) without allocating once `out` has capacity.
/// Returns `false` (leaving `out` untouched) if `word` is not ASCII.
pub fn stem_ascii_into(word: &[u8], out: &mut Vec<u8>) -> bool {
    if !word.is_ascii() {
        return false;
    }
    out.clear();
    out.extend(word.iter().map(|b| b.to_ascii_lowercase()));
    stem_ascii_in_place(out, word.len());
    true
}

/// A per-thread / per-document stem cache: each distinct word is stemmed once.
///
/// ```
/// let mut cache = precis_text::stem::StemCache::new();
/// assert_eq!(cache.stem("running"), "run");
/// assert_eq!(cache.stem("running"), "run");
/// ```
#[derive(Default, Clone)]
pub struct StemCache {
    index: HashMap<Box<str>, u32, FxBuild>,
    stems: Vec<Box<str>>,
}

impl StemCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The stem of `word` (same as [`stem`]), computed once per distinct word.
    pub fn stem(&mut self, word: &str) -> &str {
        if let Some(&i) = self.index.get(word) {
            return self.stems.get(i as usize).map_or("", |s| s);
        }
        let i = self.stems.len() as u32;
        self.stems.push(stem(word).into_boxed_str());
        self.index.insert(word.into(), i);
        self.stems.last().map_or("", |s| s)
    }

    /// Number of distinct words cached.
    pub fn len(&self) -> usize {
        self.stems.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// Forgets every cached word (keeps the allocations).
    pub fn clear(&mut self) {
        self.index.clear();
        self.stems.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        for (w, s) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("dies", "die"),
            ("died", "die"),
            ("spied", "spi"),
            ("agreed", "agre"),
            ("feed", "feed"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("enjoy", "enjoy"),
            ("days", "day"),
            ("skies", "sky"),
            ("news", "news"),
            ("relational", "relat"),
            ("radically", "radic"),
            ("generalization", "gener"),
            ("controlling", "control"),
            ("tournament", "tournament"),
            ("a*ded", "ad"),
            ("it", "it"),
            ("", ""),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }

    #[test]
    fn cache_matches() {
        let mut c = StemCache::new();
        for w in ["running", "runs", "running", "happiness"] {
            let s = stem(w);
            assert_eq!(c.stem(w), s);
        }
        assert_eq!(c.len(), 3);
    }
}
