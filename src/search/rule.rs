//! The matching rule: whether, and how well, one query word matches one field's folded text.
//! Every place that matches (the list filter, `brief search`, the pane and index filters, the
//! lookups, highlights and `n`/`N`) comes here, or to a fast path in `mod.rs` that gives the
//! same answer (a property test compares them).
//!
//! - Long text (titles, summaries, roles, notes, events, agenda and outcome summaries): the word
//!   must start a word of the text, since in a paragraph almost any letters occur in order.
//! - Short fields (names, organizations, countries, places, topics, tags, kinds, parties):
//!   - one or two letters: a word prefix, or the initials of successive words (`jb`);
//!   - longer words: the letters in order, as fzf matches, read as meant: every run of matched
//!     letters that starts inside a word costs one, and a word may afford one such run per four
//!     of its letters (`bayrmov`, `jbay`, `nasbour`; not `jorg` in "aJerbaijani fOReiGn");
//!   - names only, and below every such match: a word of five letters or more within one
//!     substitution, insertion, deletion or swap of two adjacent letters of a word of the name
//!     (`bourtia`, `bairamov`): the typo tier, scored [`CLOSE_SCORE`].
//! - `'exact` anywhere (scoring more where it starts a word), `^prefix`, `suffix$` and `^equal$`
//!   are what they say.

use memchr::memmem;

use super::fields::FieldKind;
use super::matcher;
use super::query::MatchKind;

/// The score of a typo-tier match: below every other match of a word, whatever the weights.
pub const CLOSE_SCORE: i64 = 0;

/// The shortest word that may match with a typo.
pub const MIN_CLOSE_CHARS: usize = 5;

/// A pattern prepared once per pass: its substring finder is built once, not per field.
pub struct Pattern<'p> {
    pub text: &'p str,
    finder: memmem::Finder<'p>,
    pub chars: i64,
}

impl<'p> Pattern<'p> {
    pub fn new(text: &'p str) -> Pattern<'p> {
        Pattern {
            text,
            finder: memmem::Finder::new(text.as_bytes()),
            chars: text.chars().count() as i64,
        }
    }
}

/// A match: its score, and whether it is only a typo away (the typo tier).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub value: i64,
    pub close: bool,
}

/// How well `pattern` matches one field's folded text, or `None`.
pub fn score(text: &str, field: FieldKind, kind: MatchKind, pattern: &Pattern) -> Option<Score> {
    evaluate(text, field, kind, pattern, false).map(|(s, _)| s)
}

/// The character positions in `text` that `pattern` matches under the same rule, for
/// highlighting; empty when it does not match.
pub fn positions(text: &str, field: FieldKind, kind: MatchKind, pattern: &str) -> Vec<usize> {
    evaluate(text, field, kind, &Pattern::new(pattern), true)
        .map(|(_, p)| p)
        .unwrap_or_default()
}

fn ordinary(value: i64) -> Score {
    Score {
        value,
        close: false,
    }
}

/// The rule itself; positions are worked out only when asked for.
fn evaluate(
    text: &str,
    field: FieldKind,
    kind: MatchKind,
    pattern: &Pattern,
    want_positions: bool,
) -> Option<(Score, Vec<usize>)> {
    let len = pattern.chars;
    let p = pattern.text;
    let range = |byte: usize| -> Vec<usize> {
        if !want_positions {
            return Vec::new();
        }
        let start = text[..byte].chars().count();
        (start..start + p.chars().count()).collect()
    };
    match kind {
        MatchKind::Fuzzy if field.is_long() => {
            let (at, score) = best_word_prefix(text, pattern)?;
            Some((ordinary(score), range(at)))
        }
        MatchKind::Fuzzy => {
            // Every ordinary match has the pattern's letters in order: a few memchr jumps rule
            // out most fields before anything costlier, leaving only the typo tier.
            if !matcher::is_subsequence(text.as_bytes(), p.as_bytes()) {
                return (field == FieldKind::Name)
                    .then(|| close_word(text, p))
                    .flatten()
                    .map(|positions| {
                        (
                            Score {
                                value: CLOSE_SCORE,
                                close: true,
                            },
                            positions,
                        )
                    });
            }
            // A word of a short field that starts with the pattern scores as in long text, so
            // that weights alone rank fields against each other; anything looser scores below.
            if let Some((at, score)) = best_word_prefix(text, pattern) {
                return Some((ordinary(score), range(at)));
            }
            if len <= 2 {
                let found = initials(text, p)?;
                return Some((
                    ordinary(len * 12),
                    if want_positions { found } else { Vec::new() },
                ));
            }
            let fuzzy =
                matcher::fuzzy_positions(text, p).filter(|(_, positions)| compact(text, positions));
            match fuzzy {
                Some((score, positions)) => {
                    Some((ordinary(score.clamp(1, 14 * len - 1)), positions))
                }
                None if field == FieldKind::Name => close_word(text, p).map(|positions| {
                    (
                        Score {
                            value: CLOSE_SCORE,
                            close: true,
                        },
                        positions,
                    )
                }),
                None => None,
            }
        }
        // Anywhere; better where it starts a word (the first such place, else the first).
        MatchKind::Exact => match word_prefix(text, pattern) {
            Some(at) => Some((ordinary(len * 16 + 16), range(at))),
            None => {
                let at = pattern.finder.find(text.as_bytes())?;
                Some((ordinary(len * 16), range(at)))
            }
        },
        MatchKind::Prefix => text
            .starts_with(p)
            .then(|| (ordinary(len * 16 + 16), range(0))),
        MatchKind::Suffix => text
            .ends_with(p)
            .then(|| (ordinary(len * 16 + 8), range(text.len() - p.len()))),
        MatchKind::Equal => (text == p).then(|| (ordinary(len * 16 + 32), range(0))),
    }
}

/// A word-prefix match: 14 a letter, and 12 more when it is the whole word (for two letters or
/// more: a one-letter word is answered from bitsets of initials, which cannot tell).
pub fn word_score(text: &str, at: usize, len: i64) -> i64 {
    if len < 2 {
        return 14 * len;
    }
    let whole = text[at..]
        .char_indices()
        .nth(len as usize)
        .map(|(i, _)| &text[at + i..])
        .unwrap_or("")
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    len * 14 + if whole { 12 } else { 0 }
}

/// The best word-prefix match: the first word that is the pattern whole, else the first word
/// that starts with it; its byte offset and [`word_score`].
fn best_word_prefix(text: &str, pattern: &Pattern) -> Option<(usize, i64)> {
    let mut first: Option<(usize, i64)> = None;
    for at in word_prefixes(text, pattern) {
        let score = word_score(text, at, pattern.chars);
        if pattern.chars < 2 || score > 14 * pattern.chars {
            return Some((at, score));
        }
        first.get_or_insert((at, score));
    }
    first
}

/// Byte offsets of the words of `text` that start with `pattern`.
fn word_prefixes<'t>(text: &'t str, pattern: &'t Pattern) -> impl Iterator<Item = usize> + 't {
    pattern
        .finder
        .find_iter(text.as_bytes())
        .filter(move |&at| {
            text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
}

/// Byte offset of the first word of `text` that starts with `pattern`.
pub fn word_prefix(text: &str, pattern: &Pattern) -> Option<usize> {
    word_prefixes(text, pattern).next()
}

/// The positions of the first letters of successive words spelling `pattern` (`jb` in
/// "jeyhun bayramov"), if they do.
fn initials(text: &str, pattern: &str) -> Option<Vec<usize>> {
    let mut wanted = pattern.chars().peekable();
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    for (i, c) in text.chars().enumerate() {
        let start = previous.is_none_or(|p| !p.is_alphanumeric()) && c.is_alphanumeric();
        if start && wanted.peek() == Some(&c) {
            wanted.next();
            found.push(i);
        }
        previous = Some(c);
        if wanted.peek().is_none() {
            return Some(found);
        }
    }
    None
}

/// Whether a fuzzy match reads as meant rather than as letters scattered over unrelated words:
/// every run of matched letters that starts inside a word (not at its start) costs one, and a
/// match may afford one such run per four letters of the pattern.
pub fn compact(text: &str, positions: &[usize]) -> bool {
    let allowed = positions.len() / 4;
    let mut mid_word_runs = 0;
    let mut wanted = positions.iter().copied().peekable();
    let mut previous_char: Option<char> = None;
    let mut previous_matched = false;
    for (i, c) in text.chars().enumerate() {
        let Some(&p) = wanted.peek() else { break };
        let matched = p == i;
        if matched {
            wanted.next();
            let word_start = previous_char.is_none_or(|c| !c.is_alphanumeric());
            if !previous_matched && !word_start {
                mid_word_runs += 1;
                if mid_word_runs > allowed {
                    return false;
                }
            }
        }
        previous_matched = matched;
        previous_char = Some(c);
    }
    true
}

/// The characters of `text` as bits (each character's code modulo 64): a pattern whose mask has
/// a bit that a text's lacks cannot match it in order, and one with two such bits is more than
/// one edit from every word of it. The index keeps each short string's mask, so that a pass
/// rules most strings out with one comparison ([`may_match`]).
pub fn letter_mask(text: &str) -> u64 {
    text.chars()
        .fold(0u64, |bits, c| bits | 1 << (u32::from(c) % 64))
}

/// Whether a field whose folded text has the mask `text_mask` can match a folded pattern with
/// the mask `pattern_mask` at all under [`score`]: every form but the typo tier needs all the
/// pattern's characters in the text, and the typo tier (names, [`MIN_CLOSE_CHARS`] or more)
/// all but one.
pub fn may_match(
    text_mask: u64,
    pattern_mask: u64,
    field: FieldKind,
    kind: MatchKind,
    pattern_chars: usize,
) -> bool {
    let missing = (pattern_mask & !text_mask).count_ones();
    missing == 0
        || (missing == 1
            && field == FieldKind::Name
            && kind == MatchKind::Fuzzy
            && pattern_chars >= MIN_CLOSE_CHARS)
}

/// The typo tier: the positions of the first word of `text` within one edit (substitution,
/// insertion, deletion, swap of two adjacent letters) of `pattern`, for patterns of at least
/// [`MIN_CLOSE_CHARS`] letters.
pub fn close_word(text: &str, pattern: &str) -> Option<Vec<usize>> {
    let len = pattern.chars().count();
    if !(MIN_CLOSE_CHARS..=64).contains(&len) {
        return None;
    }
    // Words are found in place, and only those of a length one edit away and with nearly the
    // same letters are compared: most names are ruled out without an allocation.
    let wanted = letter_mask(pattern);
    let mut start: Option<(usize, usize)> = None;
    for (chars_seen, (byte, c)) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .enumerate()
    {
        if c.is_alphanumeric() {
            start.get_or_insert((byte, chars_seen));
        } else if let Some((b0, c0)) = start.take() {
            let n = chars_seen - c0;
            // One edit adds at most one letter and removes at most one.
            let near = |word: &str| {
                let have = letter_mask(word);
                (wanted & !have).count_ones() <= 1 && (have & !wanted).count_ones() <= 1
            };
            let word = &text[b0..byte];
            if n.abs_diff(len) <= 1 && near(word) && strsim::osa_distance(word, pattern) <= 1 {
                return Some((c0..c0 + n).collect());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str, q: &str) -> Option<Score> {
        score(text, FieldKind::Name, MatchKind::Fuzzy, &Pattern::new(q))
    }

    #[test]
    fn short_fields_match_as_fzf_would_and_read_as_meant() {
        let n = "jeyhun bayramov";
        for q in ["jb", "jbay", "bayrmov", "jyhun", "bay", "j", "ba"] {
            assert!(name(n, q).is_some_and(|s| !s.close), "{q}");
        }
        assert!(name("nasser bourita", "nasbour").is_some());
        assert!(name("nasser bourita", "bourta").is_some());
        assert!(name("azerbaijani foreign", "jorg").is_none());
        assert!(name("jeyhun bayramov", "yb").is_none());
    }

    #[test]
    fn the_typo_tier_is_for_names_and_scores_below_everything() {
        let s = name("nasser bourita", "bourtia").expect("a swap");
        assert_eq!(
            s,
            Score {
                value: CLOSE_SCORE,
                close: true
            }
        );
        assert!(name("jeyhun bayramov", "bairamov").is_some_and(|s| s.close));
        assert!(name("jeyhun bayramov", "bxyrxmov").is_none());
        assert!(
            score(
                "bourita",
                FieldKind::Tag,
                MatchKind::Fuzzy,
                &Pattern::new("bourtia")
            )
            .is_none()
        );
        assert_eq!(
            positions(
                "nasser bourita",
                FieldKind::Name,
                MatchKind::Fuzzy,
                "bourtia"
            ),
            (7..14).collect::<Vec<_>>()
        );
    }

    #[test]
    fn positions_follow_the_same_rule() {
        assert_eq!(
            positions("jeyhun bayramov", FieldKind::Name, MatchKind::Fuzzy, "jb"),
            [0, 7]
        );
        assert_eq!(
            positions(
                "a summit in doha",
                FieldKind::Summary,
                MatchKind::Fuzzy,
                "do"
            ),
            [12, 13]
        );
        assert!(
            positions(
                "a summit in doha",
                FieldKind::Summary,
                MatchKind::Fuzzy,
                "umm"
            )
            .is_empty()
        );
    }
}
