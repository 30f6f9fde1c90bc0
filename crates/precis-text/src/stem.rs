//! NLTK Porter stemmer port (being written).

/// Stem one lower-case word.
pub fn stem(word: &str) -> String {
    word.to_string()
}
