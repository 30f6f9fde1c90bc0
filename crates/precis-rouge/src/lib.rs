//! precis-rouge (being written).
