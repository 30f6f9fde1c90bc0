//! precis (being written).
