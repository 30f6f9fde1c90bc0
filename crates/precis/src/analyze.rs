//! Document analysis: sentences → lower-cased, stemmed, interned tokens.
//!
//! Every word is lower-cased, stemmed by the language's [`Analyzer`] (NLTK Porter for English,
//! Snowball for the others) and mapped to an id once. A thread-local [`Vocab`] per language
//! remembers `word → global id` across documents, so after warm-up a token costs one hash
//! lookup and no allocation. Global ids depend on which thread saw a word first, so they
//! never leave this module: each [`Doc`] renumbers its terms 0.. in order of first occurrence,
//! which makes everything computed from a `Doc` independent of threads and input order.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use precis_text::analyzer::Analyzer;
use precis_text::hash::FxBuild;
use precis_text::lang::Lang;
use precis_text::segment::Segmenter;
use precis_text::tokenize;

/// Limit on the thread-local vocabulary; past it the vocabulary starts afresh (memory stays flat).
const MAX_VOCAB: usize = 1 << 21;

/// Prefix of stop-word keys in the stem table (never produced by the tokenizer).
const STOP_MARK: char = '\u{1}';

/// Marker for "no local id yet" in the global → local map.
const NONE: u32 = u32::MAX;

struct Vocab {
    /// lower-cased word → global stem id
    word_ids: HashMap<String, u32, FxBuild>,
    /// stem → global stem id
    stem_ids: HashMap<String, u32, FxBuild>,
    /// global id → stem
    stems: Vec<Arc<str>>,
    /// global id → stop word?
    stop: Vec<bool>,
    /// global id → local id of the document being analysed (NONE when absent)
    local: Vec<u32>,
    lower: String,
}

impl Vocab {
    fn new() -> Self {
        Vocab {
            word_ids: HashMap::default(),
            stem_ids: HashMap::default(),
            stems: Vec::new(),
            stop: Vec::new(),
            local: Vec::new(),
            lower: String::new(),
        }
    }

    fn reset_if_full(&mut self) {
        if self.word_ids.len() > MAX_VOCAB || self.stems.len() > MAX_VOCAB {
            *self = Vocab::new();
        }
    }

    fn id(&mut self, word: &str, analyzer: &Analyzer) -> u32 {
        if let Some(&id) = self.word_ids.get(word) {
            return id;
        }
        let is_stop = analyzer.is_stop_word(word);
        // Stop words get ids of their own (keyed apart from content stems), so whether a term is
        // a stop word depends only on the word, never on what this thread has seen before.
        let mut key = analyzer.stem(word);
        if is_stop {
            key.insert(0, STOP_MARK);
        }
        let id = match self.stem_ids.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.stems.len() as u32;
                self.stems.push(Arc::from(key.as_str()));
                self.stem_ids.insert(key, id);
                self.stop.push(is_stop);
                self.local.push(NONE);
                id
            }
        };
        self.word_ids.insert(word.to_string(), id);
        id
    }
}

thread_local! {
    /// One vocabulary per language (indexed by [`Lang::index`]), created on first use.
    static VOCABS: RefCell<Vec<Option<Vocab>>> = const { RefCell::new(Vec::new()) };
}

/// Interned words of one language for code that tokenizes on its own (`verify`): each
/// lower-cased word maps to a term id shared by every word with the same stem. As in [`Doc`],
/// ids are local: numbered 0.. in order of first occurrence within one [`with_interner`] call,
/// so nothing computed from them depends on threads or on earlier calls.
pub(crate) struct Interner<'v> {
    vocab: &'v mut Vocab,
    analyzer: &'static Analyzer,
    /// local id → global id
    globals: Vec<u32>,
}

impl Interner<'_> {
    /// The local term id of a lower-cased word and whether it is a stop word.
    pub(crate) fn term(&mut self, lower_word: &str) -> (u32, bool) {
        let g = self.vocab.id(lower_word, self.analyzer);
        let slot = &mut self.vocab.local[g as usize];
        if *slot == NONE {
            *slot = self.globals.len() as u32;
            self.globals.push(g);
        }
        (*slot, self.vocab.stop[g as usize])
    }

    /// The stem of a local term (stop words carry a `\u{1}` prefix).
    #[cfg(test)]
    pub(crate) fn stem(&self, local: u32) -> &str {
        self.globals
            .get(local as usize)
            .and_then(|&g| self.vocab.stems.get(g as usize))
            .map_or("", |s| s)
    }

    /// Number of local terms so far.
    pub(crate) fn len(&self) -> usize {
        self.globals.len()
    }
}

/// Runs `f` with a fresh [`Interner`] for `lang` on this thread's vocabulary (which starts
/// afresh first when it is full).
pub(crate) fn with_interner<R>(lang: Lang, f: impl FnOnce(&mut Interner<'_>) -> R) -> R {
    let analyzer = Analyzer::for_lang(lang);
    VOCABS.with(|v| {
        let mut guard = v.borrow_mut();
        let vocabs = &mut *guard;
        if vocabs.len() <= lang.index() {
            vocabs.resize_with(lang.index() + 1, || None);
        }
        let vocab = vocabs[lang.index()].get_or_insert_with(Vocab::new);
        vocab.reset_if_full();
        let mut interner = Interner {
            vocab,
            analyzer,
            globals: Vec::new(),
        };
        let out = f(&mut interner);
        for &g in &interner.globals {
            interner.vocab.local[g as usize] = NONE;
        }
        out
    })
}

/// One analysed document: sentence spans and, per sentence, its tokens as local term ids.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// The cleaned text all spans point into.
    pub text: &'a str,
    /// Sentence byte spans into `text`.
    pub sentences: Vec<Range<usize>>,
    /// Per sentence, every word as a local term id (stop words included), in order.
    pub tokens: Vec<Vec<u32>>,
    /// Per local term id: its stem (stop words carry a `\u{1}` prefix, keeping them apart).
    pub stems: Vec<Arc<str>>,
    /// Per local term id: whether it is a stop word.
    pub stop: Vec<bool>,
    /// The language the document was analysed in.
    pub lang: Lang,
    /// Whether the text had more than [`crate::MAX_SENTENCES`] sentences and was cut there.
    pub truncated: bool,
}

impl<'a> Doc<'a> {
    /// Segments and analyses English `text` (see [`Doc::in_lang`]).
    pub fn new(text: &'a str) -> Doc<'a> {
        Self::in_lang(text, Lang::EN)
    }

    /// Segments and analyses `text` in language `lang` (its first [`crate::MAX_SENTENCES`]
    /// sentences: every method, the trainer and batch IDF see the same ones; `truncated` says
    /// whether there were more).
    pub fn in_lang(text: &'a str, lang: Lang) -> Doc<'a> {
        let mut sentences = Segmenter::new(lang).split(text);
        let truncated = sentences.len() > crate::MAX_SENTENCES;
        sentences.truncate(crate::MAX_SENTENCES);
        let mut doc = Self::from_sentences(text, sentences, lang);
        doc.truncated = truncated;
        doc
    }

    /// Analyses `text` in language `lang` with sentence spans computed elsewhere.
    pub fn from_sentences(text: &'a str, sentences: Vec<Range<usize>>, lang: Lang) -> Doc<'a> {
        let analyzer = Analyzer::for_lang(lang);
        VOCABS.with(|v| {
            let mut guard = v.borrow_mut();
            let vocabs = &mut *guard;
            if vocabs.len() <= lang.index() {
                vocabs.resize_with(lang.index() + 1, || None);
            }
            let vocab = vocabs[lang.index()].get_or_insert_with(Vocab::new);
            vocab.reset_if_full();
            let mut doc_globals: Vec<u32> = Vec::new();
            let mut tokens = Vec::with_capacity(sentences.len());
            let mut lower = std::mem::take(&mut vocab.lower);
            for span in &sentences {
                let mut toks = Vec::new();
                let sentence = text.get(span.clone()).unwrap_or("");
                tokenize::lowercase_words(sentence, &mut lower, |w| {
                    let g = vocab.id(w, analyzer);
                    let slot = &mut vocab.local[g as usize];
                    if *slot == NONE {
                        *slot = doc_globals.len() as u32;
                        doc_globals.push(g);
                    }
                    toks.push(*slot);
                });
                tokens.push(toks);
            }
            vocab.lower = lower;
            let mut stems = Vec::with_capacity(doc_globals.len());
            let mut stop = Vec::with_capacity(doc_globals.len());
            for &g in &doc_globals {
                stems.push(vocab.stems[g as usize].clone());
                stop.push(vocab.stop[g as usize]);
                vocab.local[g as usize] = NONE;
            }
            Doc {
                text,
                sentences,
                tokens,
                stems,
                stop,
                lang,
                truncated: false,
            }
        })
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// Whether the document has no sentence.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// Number of distinct terms.
    pub fn n_terms(&self) -> usize {
        self.stems.len()
    }

    /// The text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &'a str {
        self.sentences
            .get(i)
            .and_then(|r| self.text.get(r.clone()))
            .unwrap_or("")
    }

    /// Words in sentence `i`.
    pub fn word_count(&self, i: usize) -> usize {
        self.tokens.get(i).map_or(0, Vec::len)
    }

    /// Content terms (no stop words) of sentence `i`, in order, with repeats.
    pub fn content_terms(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        self.tokens
            .get(i)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&t| !self.stop[t as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_ids_follow_first_occurrence() {
        let d = Doc::new("Cats chase mice.\nThe cat sleeps.");
        assert_eq!(d.len(), 2);
        // "cats" and "cat" share the stem "cat" (id 0)
        assert_eq!(d.tokens[0][0], 0);
        assert_eq!(d.tokens[1][1], 0);
        assert!(d.stop[d.tokens[1][0] as usize]); // "the"
        let content: Vec<&str> = d.content_terms(1).map(|t| &*d.stems[t as usize]).collect();
        assert_eq!(content.len(), 2);
    }

    #[test]
    fn other_languages_have_their_own_stop_words_and_stems() {
        let de = Lang::from_code("de").unwrap();
        let d = Doc::in_lang(
            "Die Regierung hat die Mieten gesenkt.\nDer Regierungen Plan.",
            de,
        );
        let stop = |w: &str| {
            d.stems
                .iter()
                .zip(&d.stop)
                .any(|(s, &is)| is && s.trim_start_matches(STOP_MARK) == w)
        };
        assert!(stop("die") && stop("der") && stop("hat"), "{:?}", d.stems);
        // "Regierung" and "Regierungen" share a stem; English rules would not stem them alike.
        let content: Vec<u32> = d.content_terms(0).collect();
        let later: Vec<u32> = d.content_terms(1).collect();
        assert!(later.iter().any(|t| content.contains(t)), "{:?}", d.stems);
        // The same words analysed as English are content words.
        let en = Doc::new("Die Regierung hat die Mieten gesenkt.");
        assert!(!en.stop.iter().any(|&s| s), "{:?}", en.stems);
    }

    #[test]
    fn same_doc_same_ids_whatever_was_seen_before() {
        let a = Doc::new("Zebras graze.\nLions hunt zebras.");
        let _ = Doc::new("Completely different words warm the vocabulary.");
        let b = Doc::new("Zebras graze.\nLions hunt zebras.");
        assert_eq!(a.tokens, b.tokens);
        assert_eq!(a.stems, b.stems);
    }
}
