//! 64-bit term hashes computed while tokenizing, so prediction looks terms up without
//! building n-gram strings or comparing keys.
//!
//! A word's hash is FNV-1a over its bytes; an n-gram's folds its words' hashes in order; a
//! character n-gram's (terms starting with '#') is FNV-1a over the whole term. The vocabulary
//! is indexed by the same function applied to each stored term, and `TfidfVectorizer` checks
//! at load time that no two vocabulary terms share a hash (falling back to string lookups if
//! they do). An unseen term that collides with a vocabulary term is the one residual risk:
//! about |V| / 2⁶⁴ per lookup (5 · 10⁻¹⁵ for a million terms).

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Start of every n-gram fold.
const NGRAM_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// FNV-1a state after `bytes`, starting from `state`.
#[inline]
pub fn fnv_extend(mut state: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        state ^= b as u64;
        state = state.wrapping_mul(FNV_PRIME);
    }
    state
}

/// FNV-1a of `bytes`.
#[inline]
pub fn fnv(bytes: &[u8]) -> u64 {
    fnv_extend(FNV_OFFSET, bytes)
}

/// Folds one more word hash into an n-gram hash (order matters).
#[inline]
pub fn fold(acc: u64, word: u64) -> u64 {
    let x = (acc.rotate_left(23) ^ word).wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^ (x >> 29)
}

/// Hash of an n-gram given its words' hashes.
#[inline]
pub fn ngram(words: &[u64]) -> u64 {
    words.iter().fold(NGRAM_SEED, |acc, &w| fold(acc, w))
}

/// The hash of a term string as the analyzer would compute it while tokenizing.
pub fn of_term(term: &str) -> u64 {
    if term.starts_with('#') {
        return fnv(term.as_bytes());
    }
    term.split(' ')
        .fold(NGRAM_SEED, |acc, w| fold(acc, fnv(w.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_hash_matches_the_streaming_computation() {
        let words = [fnv(b"not"), fnv(b"NEG_accept")];
        assert_eq!(of_term("not NEG_accept"), ngram(&words));
        assert_eq!(of_term("talk"), ngram(&[fnv(b"talk")]));
        assert_eq!(fnv_extend(fnv(b"NEG_"), b"accept"), fnv(b"NEG_accept"));
        assert_ne!(of_term("a b"), of_term("b a"));
        assert_eq!(of_term("# no"), fnv("# no".as_bytes()));
    }
}
