//! News-tuned sentence segmentation (being written).
use std::ops::Range;

/// Sentence spans of `text`, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            if text[start..i].trim().is_empty() {
                start = i + 1;
                continue;
            }
            out.push(start..i);
            start = i + 1;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(start..text.len());
    }
    out
}
