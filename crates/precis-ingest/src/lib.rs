//! precis-ingest (being written).
