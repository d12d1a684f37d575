//! The one interface to the fuzzy matcher, so that it could be swapped in one place.

use std::sync::OnceLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

fn matcher() -> &'static SkimMatcherV2 {
    static MATCHER: OnceLock<SkimMatcherV2> = OnceLock::new();
    // Text is folded before it gets here, so case is already decided (smart case).
    MATCHER.get_or_init(|| SkimMatcherV2::default().respect_case())
}

/// The fuzzy scorer reads at most this many characters of a field: its memory grows with the
/// field's length times the pattern's, and no name or tag comes near it.
pub const MAX_FUZZY_CHARS: usize = 1024;

/// Score of `pattern` as a subsequence of `text` (higher for contiguous and word-start hits),
/// with the character positions of the matched letters. Only the first [`MAX_FUZZY_CHARS`]
/// characters of `text` are read.
pub fn fuzzy_positions(text: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
    let text = match text.char_indices().nth(MAX_FUZZY_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    if pattern.chars().count() > text.chars().count() {
        return None;
    }
    matcher().fuzzy_indices(text, pattern)
}

/// Whether the bytes of `pattern` occur in order in `text`: a necessary condition for a fuzzy
/// match, checked with a few `memchr` jumps before paying for the scorer.
pub fn is_subsequence(text: &[u8], pattern: &[u8]) -> bool {
    let mut rest = text;
    for &b in pattern {
        match memchr::memchr(b, rest) {
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
}
