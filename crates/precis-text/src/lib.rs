//! Text analysis for precis: the parts of the pipeline that work on plain `&str` and do no I/O.
//!
//! - [`analyzer`]: stop words and stemmers per language.
//! - [`lang`]: languages, language identification, per-language segmentation data.
//! - [`segment`]: sentence segmentation for news in every language, into byte spans.
//! - [`stem`]: a port of NLTK's Porter stemmer (NLTK_EXTENSIONS mode), bit-compatible with
//!   what Google's `rouge-score` uses, plus a stem cache.
//! - [`tokenize`]: word tokenization for the summarizer.
//! - [`stopwords`]: an English stop-word list.
//! - [`hash`]: the fast hasher of the vocabularies and caches here and in the other crates.
//!
//! What this crate is not: it knows nothing of files, articles, boilerplate or scoring.

pub mod analyzer;
pub mod hash;
pub mod lang;
pub mod segment;
pub mod stem;
pub mod stopwords;
pub mod tokenize;
