//! The hasher of this crate's vocabularies and n-gram counts: precis-text's FxHasher with a
//! final mix.
//!
//! FxHash ends with a multiplication, so the low bits of the hash (the bits hashbrown picks the
//! bucket with) depend only on the low bits of the last word written: keys that differ only in
//! later bytes (`w1` … `w40000`, or bigram ids `(a, b)` that share `b`) crowd into the same
//! buckets, and a vocabulary of n such tokens costs far more than n probes (640,000 distinct
//! tokens took 2 s to intern, 4× the time of half as many). Folding the high half of the hash
//! into the low half spreads them. The maps are only looked up, never iterated in hash order,
//! so no result depends on the hash.

use std::hash::{BuildHasherDefault, Hasher};

use precis_text::hash::FxHasher;

/// [`FxHasher`] with its high half folded into the low half at the end.
#[derive(Default, Clone, Copy)]
pub(crate) struct MixHasher(FxHasher);

impl Hasher for MixHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0.write_u8(i);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.0.write_u32(i);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0.write_u64(i);
    }
    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.0.write_u128(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.0.write_usize(i);
    }
    #[inline]
    fn finish(&self) -> u64 {
        let h = self.0.finish();
        h ^ (h >> 32)
    }
}

/// `BuildHasher` for [`MixHasher`].
pub(crate) type MixBuild = BuildHasherDefault<MixHasher>;

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn numbered_tokens_spread_over_the_low_bits() {
        // The low 16 bits of the hashes of "w0" … "w65535" and of the bigram ids (a, 7): FxHash
        // alone gives few distinct values, the mix most of the 65,536.
        fn low_bits<B: BuildHasher>(b: &B) -> (usize, usize) {
            let tokens: HashSet<u64> = (0..65536)
                .map(|i| b.hash_one(format!("w{i}").as_bytes()) & 0xffff)
                .collect();
            let bigrams: HashSet<u64> = (0..65536u64)
                .map(|a| b.hash_one((a << 32) | 7) & 0xffff)
                .collect();
            (tokens.len(), bigrams.len())
        }
        let (t, b) = low_bits(&precis_text::hash::FxBuild::default());
        assert!(t < 2_000 && b < 2_000, "{t} {b}");
        let (t, b) = low_bits(&MixBuild::default());
        assert!(t > 30_000 && b > 30_000, "{t} {b}");
    }
}
