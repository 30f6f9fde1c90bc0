//! The first stage of language identification: a vote of function words.
//!
//! Every language with a data file lists its sentence-starters: pronouns, articles,
//! conjunctions, common prepositions. In a news paragraph a fifth to a third of the words are
//! such words, and each language's set is its own ("the", "und", "les", "и"). Each word of the
//! sample gives one vote, split between the languages that share it; a language wins when it
//! has at least [`MIN_VOTES`] votes, [`MIN_SHARE`] of the words and [`MARGIN`] times the votes
//! of the next. Otherwise the caller asks the trigram model.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{flag, Lang, DATA};
use crate::hash::FxBuild;
use crate::tokenize;

/// Votes a winner needs.
const MIN_VOTES: f32 = 4.0;
/// Share of the sample's words the winner's votes must reach.
const MIN_SHARE: f32 = 0.1;
/// How many times the runner-up's votes the winner needs.
const MARGIN: f32 = 3.0;

/// Word → the languages that list it as a starter.
fn table() -> &'static HashMap<Box<str>, Vec<Lang>, FxBuild> {
    static T: OnceLock<HashMap<Box<str>, Vec<Lang>, FxBuild>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: HashMap<Box<str>, Vec<Lang>, FxBuild> = HashMap::default();
        for (code, _) in DATA {
            let Some(lang) = Lang::from_code(code) else {
                continue;
            };
            for w in lang.rules().words.words_with(flag::STARTER) {
                t.entry(w.into()).or_default().push(lang);
            }
        }
        t
    })
}

/// The language the function words of `sample` clearly point to, if any. Reading stops as
/// soon as the vote is clear (checked every [`CHECK_EVERY`] words, from [`MIN_WORDS`] on).
pub(super) fn decide(sample: &str) -> Option<Lang> {
    let t = table();
    let mut votes = [0.0f32; Lang::COUNT];
    let mut words = 0usize;
    let mut winner = None;
    let mut buf = String::new();
    for span in tokenize::word_spans(sample) {
        let w = &sample[span];
        // Numbers ("14", "2013") say nothing of the language; long words are never
        // function words.
        if w.as_bytes()[0].is_ascii_digit() {
            continue;
        }
        words += 1;
        if w.len() > MAX_WORD_BYTES {
            continue;
        }
        let key = if w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            buf.clear();
            buf.extend(w.chars().flat_map(char::to_lowercase));
            buf.as_str()
        } else {
            w
        };
        if let Some(langs) = t.get(key) {
            let share = 1.0 / langs.len() as f32;
            for l in langs {
                votes[l.index()] += share;
            }
        }
        if words >= MIN_WORDS && words % CHECK_EVERY == 0 {
            winner = clear_winner(&votes, words);
            if winner.is_some() {
                break;
            }
        }
    }
    winner.or_else(|| clear_winner(&votes, words))
}

/// Words read before the vote may stop early.
const MIN_WORDS: usize = 12;
/// Longer words are not looked up (the longest function words are shorter).
const MAX_WORD_BYTES: usize = 16;
/// How often (in words) the vote is checked.
const CHECK_EVERY: usize = 4;

/// The leading language, when it leads clearly.
fn clear_winner(votes: &[f32], words: usize) -> Option<Lang> {
    let mut best = (0.0f32, 0usize);
    let mut second = 0.0f32;
    for (i, &v) in votes.iter().enumerate() {
        if v > best.0 {
            second = best.0;
            best = (v, i);
        } else if v > second {
            second = v;
        }
    }
    let ok = best.0 >= MIN_VOTES && best.0 >= MIN_SHARE * words as f32 && best.0 >= MARGIN * second;
    ok.then(|| Lang::all().nth(best.1)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_paragraphs_are_decided() {
        let en = "The president said on Tuesday that the plan would be ready before the end of the year, and that it was his priority.";
        assert_eq!(decide(en), Some(Lang::EN));
        let de = "Der Bundestag hat am Donnerstag das neue Gesetz beschlossen, das nach Ansicht der Regierung die Mieten senken soll.";
        assert_eq!(decide(de).map(Lang::code), Some("de"));
    }

    #[test]
    fn unclear_text_is_left_to_the_model() {
        assert_eq!(decide("Obama Merkel Berlin 2015"), None);
        assert_eq!(decide("北京时间昨天，中国宣布了新的经济政策。"), None);
        assert_eq!(decide(""), None);
    }
}
