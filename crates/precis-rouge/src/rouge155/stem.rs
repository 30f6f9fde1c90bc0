//! ROUGE-1.5.5's `-m` stemming: the WordNet 2.0 exception table, then the original Porter
//! algorithm with ROUGE's own step 4 (SPEC §3). Written from the rules, not from the script.
//!
//! Why not `precis_text::stem`: that is NLTK's `PorterStemmer` in NLTK_EXTENSIONS mode (it keeps
//! `they`, maps `died` → `die`, has extra rules), and NLTK's ORIGINAL_ALGORITHM mode has neither
//! `bli → ble` nor `logi → log` nor ROUGE's chained step 4 (`ement`, then `ment`, then `ent` /
//! `ion`). The variant here is small enough to keep beside the scorer that needs it.
//!
//! The exception lists (`data/wordnet-2.0/*.exc`) are Princeton WordNet 2.0's, redistributed
//! under its licence (`data/wordnet-2.0/LICENSE-WordNet-2.0.txt`).

use std::collections::HashMap;
use std::sync::OnceLock;

use precis_text::hash::FxBuild;

/// The four exception files in the order ROUGE-1.5.5's shipped `.db` was built from.
const EXCEPTION_FILES: [&str; 4] = [
    include_str!("../../data/wordnet-2.0/adj.exc"),
    include_str!("../../data/wordnet-2.0/adv.exc"),
    include_str!("../../data/wordnet-2.0/noun.exc"),
    include_str!("../../data/wordnet-2.0/verb.exc"),
];

/// inflected form -> its first base form; a later line wins (SPEC §3.3).
fn exceptions() -> &'static HashMap<&'static [u8], &'static [u8], FxBuild> {
    static TABLE: OnceLock<HashMap<&'static [u8], &'static [u8], FxBuild>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashMap::with_capacity_and_hasher(6000, FxBuild::default());
        for file in EXCEPTION_FILES {
            for line in file.lines() {
                let mut fields = line.split_ascii_whitespace();
                if let (Some(k), Some(v)) = (fields.next(), fields.next()) {
                    t.insert(k.as_bytes(), v.as_bytes());
                }
            }
        }
        t
    })
}

/// Number of keys of the exception table (5,930 for WordNet 2.0).
pub fn exception_count() -> usize {
    exceptions().len()
}

/// ROUGE-1.5.5's stem of one token (lower-case ASCII letters and digits): tokens of at most 3
/// bytes unchanged, else the exception table's value, else [`porter`].
pub fn stem_token(token: &[u8], out: &mut Vec<u8>) {
    out.clear();
    if token.len() <= 3 {
        out.extend_from_slice(token);
    } else if let Some(v) = exceptions().get(token) {
        out.extend_from_slice(v);
    } else {
        porter_into(token, out);
    }
}

#[inline]
fn is_aeiou(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Letter classes of `s` (true = consonant): `aeiou` are vowels; `y` is a consonant at the
/// start or after a vowel, a vowel after a consonant; everything else is a consonant.
fn consonants(s: &[u8], out: &mut Vec<bool>) {
    out.clear();
    for (i, &c) in s.iter().enumerate() {
        let cons = if is_aeiou(c) {
            false
        } else if c == b'y' {
            i == 0 || !out[i - 1]
        } else {
            true
        };
        out.push(cons);
    }
}

/// The measure m of `s`: how many times a vowel is directly followed by a consonant.
fn measure(s: &[u8]) -> usize {
    let mut m = 0;
    let mut prev_cons = true;
    for (i, &c) in s.iter().enumerate() {
        let cons = if is_aeiou(c) {
            false
        } else if c == b'y' {
            i == 0 || !prev_cons
        } else {
            true
        };
        if cons && !prev_cons {
            m += 1;
        }
        prev_cons = cons;
    }
    m
}

fn has_vowel(s: &[u8]) -> bool {
    let mut cls = Vec::with_capacity(s.len());
    consonants(s, &mut cls);
    cls.iter().any(|&c| !c)
}

/// One consonant run, a single letter of `aeiouy`, then a final letter not in `aeiouwxy`.
fn short_cvc(s: &[u8]) -> bool {
    let n = s.len();
    n >= 3
        && !is_aeiou(s[0])
        && !s[1..n - 2].iter().any(|&c| is_aeiou(c) || c == b'y')
        && (is_aeiou(s[n - 2]) || s[n - 2] == b'y')
        && !matches!(
            s[n - 1],
            b'a' | b'e' | b'i' | b'o' | b'u' | b'w' | b'x' | b'y'
        )
}

/// The longest suffix of `list` that `w` ends with (only that one is tried).
fn longest<'a>(w: &[u8], list: &[(&'a str, &'a str)]) -> Option<(&'a str, &'a str)> {
    list.iter()
        .filter(|(s, _)| w.ends_with(s.as_bytes()))
        .max_by_key(|(s, _)| s.len())
        .copied()
}

const STEP2: [(&str, &str); 21] = [
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
];

const STEP3: [(&str, &str); 7] = [
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
];

const STEP4: [(&str, &str); 16] = [
    ("al", ""),
    ("ance", ""),
    ("ence", ""),
    ("er", ""),
    ("ic", ""),
    ("able", ""),
    ("ible", ""),
    ("ant", ""),
    ("ement", ""),
    ("ou", ""),
    ("ism", ""),
    ("ate", ""),
    ("iti", ""),
    ("ous", ""),
    ("ive", ""),
    ("ize", ""),
];

/// Replaces the longest listed suffix when the measure of the stem before it exceeds `min_m`.
fn suffix_step(w: &mut Vec<u8>, list: &[(&str, &str)], min_m: usize) {
    if let Some((suf, rep)) = longest(w, list) {
        let stem = w.len() - suf.len();
        if measure(&w[..stem]) > min_m {
            w.truncate(stem);
            w.extend_from_slice(rep.as_bytes());
        }
    }
}

/// The Porter variant of ROUGE-1.5.5 (SPEC §3.4) on a lower-case ASCII word.
pub fn porter(word: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(word.len() + 1);
    porter_into(word, &mut out);
    out
}

fn porter_into(word: &[u8], w: &mut Vec<u8>) {
    w.clear();
    w.extend_from_slice(word);
    if w.len() < 3 {
        return;
    }
    // Step 1a.
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if w.len() >= 2 && w.ends_with(b"s") && w[w.len() - 2] != b's' {
        w.pop();
    }
    // Step 1b.
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
    } else {
        let cut = if w.ends_with(b"ed") {
            2
        } else if w.ends_with(b"ing") {
            3
        } else {
            0
        };
        if cut > 0 && has_vowel(&w[..w.len() - cut]) {
            w.truncate(w.len() - cut);
            let n = w.len();
            if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
                w.push(b'e');
            } else if n >= 2
                && w[n - 1] == w[n - 2]
                && !matches!(
                    w[n - 1],
                    b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'l' | b's' | b'z'
                )
            {
                w.pop();
            } else if short_cvc(w) {
                w.push(b'e');
            }
        }
    }
    // Step 1c.
    if w.ends_with(b"y") && has_vowel(&w[..w.len() - 1]) {
        let n = w.len();
        w[n - 1] = b'i';
    }
    // Steps 2 and 3.
    suffix_step(w, &STEP2, 0);
    suffix_step(w, &STEP3, 0);
    // Step 4: three checks, each on the result of the previous one.
    suffix_step(w, &STEP4, 1);
    if w.ends_with(b"ment") && measure(&w[..w.len() - 4]) > 1 {
        w.truncate(w.len() - 4);
    }
    if w.ends_with(b"ent") {
        if measure(&w[..w.len() - 3]) > 1 {
            w.truncate(w.len() - 3);
        }
    } else if (w.ends_with(b"sion") || w.ends_with(b"tion")) && measure(&w[..w.len() - 3]) > 1 {
        w.truncate(w.len() - 3);
    }
    // Step 5a.
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !short_cvc(stem)) {
            w.pop();
        }
    }
    // Step 5b.
    if w.ends_with(b"ll") && measure(w) > 1 {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(w: &str) -> String {
        let mut out = Vec::new();
        stem_token(w.as_bytes(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn exception_table_matches_the_shipped_db() {
        // SPEC §3.3: 5,930 keys; adv beats adj, verb beats noun, later lines win.
        assert_eq!(exception_count(), 5930);
        for (w, s) in [
            ("children", "child"),
            ("mice", "mouse"),
            ("said", "say"),
            ("found", "find"),
            ("were", "be"),
            ("best", "well"),
            ("better", "well"),
            ("comics", "comic_strip"),
            ("testes", "testes"),
            ("offer", "offer"),
            ("involucra", "involucrum"),
        ] {
            assert_eq!(st(w), s, "{w}");
        }
    }

    #[test]
    fn short_tokens_are_left_alone() {
        for w in ["men", "was", "ran", "saw", "is", "a"] {
            assert_eq!(st(w), w);
        }
    }

    #[test]
    fn porter_rules_of_the_spec() {
        let pt = |w: &str| String::from_utf8(porter(w.as_bytes())).unwrap_or_default();
        for (w, s) in [
            ("they", "thei"),
            ("friday", "fridai"),
            ("happily", "happili"),
            ("fundamental", "fundam"),
            ("died", "di"),
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("agreed", "agre"),
            ("feed", "feed"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("conflated", "conflat"),
            ("relational", "relat"),
            ("analogi", "analog"),
            ("replacement", "replac"),
            ("adjustment", "adjust"),
            ("dependent", "depend"),
            ("adoption", "adopt"),
            ("controll", "control"),
            ("generalizations", "gener"),
            ("oscillators", "oscil"),
        ] {
            assert_eq!(pt(w), s, "{w}");
        }
    }

    #[test]
    fn measure_and_cvc() {
        assert_eq!(measure(b"tr"), 0);
        assert_eq!(measure(b"trouble"), 1);
        assert_eq!(measure(b"oaten"), 2);
        assert_eq!(measure(b"private"), 2);
        assert!(short_cvc(b"hop"));
        assert!(short_cvc(b"fil"));
        assert!(short_cvc(b"strap"));
        assert!(!short_cvc(b"beat"));
        assert!(!short_cvc(b"ag"));
        assert!(!short_cvc(b"show"));
    }
}
