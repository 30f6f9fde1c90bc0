//! precis: story highlights for news articles, each traceable to its source sentence.
//!
//! The pipeline is `ingest → segment → analyze → score → select → render`:
//! [`precis_ingest`] cleans the input into an [`Article`], [`precis_text`] splits sentences,
//! [`analyze::Doc`] interns stemmed tokens once, a [`score::Scorer`] scores sentences,
//! [`select::select`] picks them under a [`Budget`], and [`render::Highlights`] is the result.
//!
//! ```
//! let opts = precis::Options::default();
//! let h = precis::summarize("(CNN) -- The storm hit the coast on Monday. \
//!     Thousands of homes lost power. Officials said repairs would take a week.", &opts).unwrap();
//! assert_eq!(h.highlights.len(), 3);
//! assert!(h.highlights[0].text.starts_with("The storm"));
//! ```
//!
//! What this crate is not: a file reader (see `precis-ingest`), a ROUGE scorer (see
//! `precis-rouge`) or a command line (see `precis-cli`).

pub mod analyze;
pub mod model;
pub mod render;
pub mod score;
pub mod select;
pub mod verify;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

pub use analyze::Doc;
pub use precis_ingest::{Article, Lang, LangChoice};
pub use render::{Highlight, Highlights, RecordFailure};
pub use score::{IdfTable, Scorer};
pub use select::{Budget, Order, DEFAULT_SENTENCES};
pub use verify::{verify, Verification, Verifier, VerifyError, VerifyOptions};

use score::{Centroid, Idf, Lead, LexRank, TextRank};

/// Hard limit on sentences per document: longer documents are cut there, and the highlights
/// say so ([`Highlights::truncated`]).
pub const MAX_SENTENCES: usize = 20_000;

/// Summarization method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// The trained model ([`model::Model`]; the embedded default unless one is given).
    #[default]
    Auto,
    /// The first sentences (Lead-k).
    Lead,
    /// TextRank (word-overlap graph).
    TextRank,
    /// Continuous LexRank (TF-IDF cosine graph).
    LexRank,
    /// Cosine to the TF-IDF centroid.
    Centroid,
    /// Greedy ROUGE-1+2 oracle against the article's reference (an upper bound, for evaluation).
    Oracle,
}

impl Method {
    /// All methods, in documentation order.
    pub const ALL: [Method; 6] = [
        Method::Auto,
        Method::Lead,
        Method::TextRank,
        Method::LexRank,
        Method::Centroid,
        Method::Oracle,
    ];

    /// The method's name as the CLI and the JSON output spell it.
    pub fn name(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Lead => "lead",
            Method::TextRank => "textrank",
            Method::LexRank => "lexrank",
            Method::Centroid => "centroid",
            Method::Oracle => "oracle",
        }
    }

    /// Whether the method benefits from corpus IDF in batch runs.
    pub fn uses_idf(self) -> bool {
        matches!(self, Method::LexRank | Method::Centroid)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Method::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
                format!(
                    "unknown method `{s}` (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// What to summarize and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The scoring method.
    pub method: Method,
    /// How long the highlights may be.
    pub budget: Budget,
    /// Source order (default) or score order.
    pub order: Order,
    /// Put the cleaned text into the output.
    pub include_text: bool,
    /// Clean boilerplate from raw text given to [`summarize`].
    pub clean: bool,
    /// The language of raw text given to [`summarize`] (identified when `Auto`).
    pub lang: LangChoice,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            method: Method::default(),
            budget: Budget::default(),
            order: Order::default(),
            include_text: false,
            clean: true,
            lang: LangChoice::Auto,
        }
    }
}

/// Why an article could not be summarized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The cleaned text has no sentence with a word in it.
    #[error("no sentence found in the text")]
    NoSentences,
    /// The oracle needs reference highlights and the article has none.
    #[error("method `oracle` needs reference highlights and the article has none")]
    NoReference,
    /// No sentence qualifies as a highlight (every one is a fragment or boilerplate).
    #[error("no highlight could be chosen: every sentence is a fragment (under 3 words) or a line without final punctuation")]
    NoHighlights,
}

/// Summarizes articles with fixed options (and, for batches, a corpus IDF table).
#[derive(Debug, Clone, Default)]
pub struct Summarizer {
    opts: Options,
    idf: Option<Arc<IdfTable>>,
    model: Option<Arc<model::Model>>,
}

impl Summarizer {
    /// A summarizer with these options and document-level IDF.
    pub fn new(opts: Options) -> Self {
        Summarizer {
            opts,
            idf: None,
            model: None,
        }
    }

    /// Uses corpus document frequencies (batch runs) instead of the document's own.
    pub fn with_idf(mut self, idf: Arc<IdfTable>) -> Self {
        self.idf = Some(idf);
        self
    }

    /// Uses this model for [`Method::Auto`] instead of the embedded one.
    pub fn with_model(mut self, model: Arc<model::Model>) -> Self {
        self.model = Some(model);
        self
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    fn idf(&self) -> Idf<'_> {
        match &self.idf {
            Some(t) => Idf::Corpus(t),
            None => Idf::Document,
        }
    }

    /// Summarizes an already-cleaned article.
    pub fn summarize_article(&self, article: &Article) -> Result<Highlights, Error> {
        self.summarize_analyzed(&Analyzed::new(article)?)
    }

    /// Summarizes an article analysed once with [`Analyzed::new`] (to run several methods
    /// on it without segmenting and analysing it again).
    pub fn summarize_analyzed(&self, analyzed: &Analyzed<'_>) -> Result<Highlights, Error> {
        let Analyzed {
            article,
            doc,
            words,
        } = analyzed;
        let (article, doc, words) = (*article, doc, *words);
        let method = self.opts.method;
        let (scores, chosen) = match method {
            Method::Oracle => {
                let reference = article
                    .reference
                    .as_ref()
                    .filter(|r| !r.is_empty())
                    .ok_or(Error::NoReference)?;
                let texts: Vec<&str> = (0..doc.len()).map(|i| doc.sentence_text(i)).collect();
                let max = match self.opts.budget {
                    Budget::Sentences(k) => Some(k),
                    Budget::Auto => Some(select::DEFAULT_SENTENCES),
                    _ => None,
                };
                let chosen =
                    precis_rouge::oracle::greedy_oracle(&texts, &reference.join("\n"), max);
                // The oracle picks a set, not a ranking: every chosen sentence scores 1.
                let mut scores = vec![0.0f32; doc.len()];
                for &i in &chosen {
                    if let Some(s) = scores.get_mut(i) {
                        *s = 1.0;
                    }
                }
                (scores, chosen)
            }
            // The trained model reads English features (word counts, capitals, reporting verbs)
            // and was validated on English news only: other languages get Lead at the model's
            // length (see ARCHITECTURE.md, "Decisions").
            Method::Auto if !model::applies_to(doc.lang) => self.select(doc, Lead.score(doc)),
            Method::Auto => {
                let model = self.model.clone().unwrap_or_else(model::Model::embedded);
                // `Budget::Auto`: the model's own adaptive length; explicit sentence, word and
                // ratio budgets are honoured with the model's order.
                let (scores, mut chosen) = model.summarize_doc(doc, self.opts.budget);
                if chosen.is_empty() {
                    // The model reads the first sentences only; when none of them qualifies
                    // (captions, fragments), Lead over the whole article still finds the lede.
                    self.select(doc, Lead.score(doc))
                } else {
                    if self.opts.order == Order::Score {
                        chosen.sort_by(|&a, &b| select::by_score(&scores, a, b));
                    }
                    (scores, chosen)
                }
            }
            Method::Lead => self.select(doc, Lead.score(doc)),
            Method::TextRank => self.select(doc, TextRank::default().score(doc)),
            Method::LexRank => {
                let lexrank = LexRank {
                    idf: self.idf(),
                    ..LexRank::default()
                };
                self.select(doc, lexrank.score(doc))
            }
            Method::Centroid => self.select(doc, Centroid { idf: self.idf() }.score(doc)),
        };
        if chosen.is_empty() {
            return Err(Error::NoHighlights);
        }
        let highlights: Vec<Highlight> = chosen
            .into_iter()
            .filter_map(|i| {
                let span = doc.sentences.get(i)?.clone();
                Some(Highlight {
                    text: article.text.get(span.clone())?.to_string(),
                    sentence: i,
                    start: span.start,
                    end: span.end,
                    score: scores.get(i).copied().unwrap_or(0.0),
                })
            })
            .collect();
        if highlights.is_empty() {
            return Err(Error::NoHighlights);
        }
        Ok(Highlights {
            id: article.id.clone(),
            method: method.name().to_string(),
            lang: doc.lang,
            title: article.title.clone(),
            byline: article.byline.clone(),
            date: article.date.clone(),
            url: article.url.clone(),
            fetched_at: article.fetched_at.clone(),
            highlights,
            sentences: doc.len(),
            words,
            truncated: doc.truncated,
            reference: article.reference.clone(),
            removed: article.removed.clone(),
            text: self.opts.include_text.then(|| article.text.clone()),
        })
    }

    /// A scorer's scores and the sentences chosen by them under the options' budget and order.
    fn select(&self, doc: &Doc, scores: Vec<f32>) -> (Vec<f32>, Vec<usize>) {
        let chosen = select::select(doc, &scores, self.opts.budget, self.opts.order);
        (scores, chosen)
    }

    /// Adds one article's terms to a corpus IDF table (the first pass of a batch run).
    pub fn count_terms(table: &mut IdfTable, article: &Article) {
        let doc = Doc::in_lang(&article.text, article.lang);
        table.add(&doc);
    }
}

/// An article cut into sentences and analysed (tokens, stems), ready for any method.
pub struct Analyzed<'a> {
    article: &'a Article,
    doc: Doc<'a>,
    words: usize,
}

impl<'a> Analyzed<'a> {
    /// Segments (at most [`MAX_SENTENCES`] sentences) and analyses an already-cleaned
    /// article; [`Error::NoSentences`] when it has no words.
    pub fn new(article: &'a Article) -> Result<Self, Error> {
        let doc = Doc::in_lang(&article.text, article.lang);
        let words: usize = (0..doc.len()).map(|i| doc.word_count(i)).sum();
        if words == 0 {
            return Err(Error::NoSentences);
        }
        Ok(Analyzed {
            article,
            doc,
            words,
        })
    }
}

/// An article (empty id) from raw text in language `lang` (identified when `Auto`): cleaned of
/// boilerplate when `clean`, else as given.
pub fn article_from_text(text: &str, clean: bool, lang: LangChoice) -> Article {
    let lang = lang.resolve(text, None);
    let cleaned = if clean {
        precis_ingest::clean_in(text, lang)
    } else {
        precis_ingest::Cleaned {
            text: text.to_string(),
            ..precis_ingest::Cleaned::default()
        }
    };
    Article {
        id: String::new(),
        title: cleaned.title,
        text: cleaned.text,
        reference: cleaned.reference,
        removed: cleaned.removed,
        systems: Vec::new(),
        lang,
        fields: Vec::new(),
        byline: None,
        date: None,
        url: None,
        fetched_at: None,
    }
}

/// Cleans raw article text (when `opts.clean`) and summarizes it.
pub fn summarize(text: &str, opts: &Options) -> Result<Highlights, Error> {
    let article = article_from_text(text, opts.clean, opts.lang);
    Summarizer::new(opts.clone()).summarize_article(&article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_round_trip() {
        for m in Method::ALL {
            assert_eq!(m.name().parse::<Method>(), Ok(m));
        }
        assert!("bogus".parse::<Method>().is_err());
    }

    #[test]
    fn spans_slice_the_text() {
        let text = "First sentence here is long.\nSecond one follows now.\nThird is the last.";
        for method in [
            Method::Lead,
            Method::TextRank,
            Method::LexRank,
            Method::Centroid,
        ] {
            let opts = Options {
                method,
                budget: Budget::Sentences(2),
                clean: false,
                ..Options::default()
            };
            let h = summarize(text, &opts).unwrap();
            assert_eq!(h.highlights.len(), 2, "{method}");
            for x in &h.highlights {
                assert_eq!(&text[x.start..x.end], x.text);
            }
        }
    }

    #[test]
    fn empty_text_is_an_error() {
        let opts = Options {
            clean: false,
            ..Options::default()
        };
        assert_eq!(summarize(" \n ", &opts), Err(Error::NoSentences));
        assert_eq!(summarize("... !!", &opts), Err(Error::NoSentences));
    }

    #[test]
    fn auto_falls_back_to_lead_when_the_model_finds_nothing() {
        // The model reads the first eight sentences; here they are all captions.
        let captions = (1..=8)
            .map(|i| format!("Photo number {i}\n"))
            .collect::<String>();
        let text = format!(
            "{captions}The storm hit the coast on Monday and thousands of homes lost power.\n\
             Officials said repairs would take at least a week."
        );
        let opts = Options {
            clean: false,
            lang: LangChoice::Given(Lang::EN),
            ..Options::default()
        };
        let h = summarize(&text, &opts).unwrap();
        assert!(
            h.highlights[0].text.starts_with("The storm hit the coast"),
            "{h:?}"
        );
    }

    #[test]
    fn other_languages_get_lead_at_the_model_length() {
        let text = "Der Bundestag hat am Donnerstag das neue Gesetz beschlossen. Die Opposition \
                    stimmte dagegen. Der Bundesrat muss noch zustimmen. Das Gesetz soll im Mai \
                    in Kraft treten.";
        let h = summarize(text, &Options::default()).unwrap();
        assert_eq!(h.lang.code(), "de");
        assert_eq!(h.method, "auto");
        let got: Vec<usize> = h.highlights.iter().map(|x| x.sentence).collect();
        assert_eq!(got, [0, 1, 2]);
    }

    #[test]
    fn oracle_needs_a_reference() {
        let opts = Options {
            method: Method::Oracle,
            clean: false,
            ..Options::default()
        };
        assert_eq!(
            summarize("A sentence here.", &opts),
            Err(Error::NoReference)
        );
    }
}
