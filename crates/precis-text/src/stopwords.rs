//! Stop words (being written).
