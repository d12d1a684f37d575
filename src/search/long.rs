//! Fast paths for long text (titles, summaries, roles, notes, events): optimizations of the
//! word-prefix and exact forms of [`super::rule`], over the index's marked text. The reference
//! test (`tests/reference.rs`) holds them to the rule.

use memchr::memmem;

use crate::model::Briefing;

use super::fields::{FieldRef, fields};
use super::fold::fold_keep_case;
use super::index::{Doc, initial_bit, mark_word_starts};
use super::query::{MatchKind, Scope};
use super::rule::{self, Pattern};

/// A pattern for the marked long text: as it reads at a word start and in the middle of a word.
pub(super) struct LongPattern {
    /// As typed (folded): for the rarer forms, checked field by field on unmarked text.
    plain: String,
    at_start: String,
    mid_word: String,
    start_finder: memmem::Finder<'static>,
    mid_finder: memmem::Finder<'static>,
    /// The first character is an ASCII letter, so hits of `at_start` are word starts for sure.
    marked: bool,
    chars: i64,
    /// What the rule gives a word-prefix hit before the whole-word bonus
    /// ([`rule::word_score`]).
    word_score: i64,
}

impl LongPattern {
    pub(super) fn new(folded: &str) -> LongPattern {
        let at_start = mark_word_starts(folded, true);
        let mid_word = mark_word_starts(folded, false);
        let marked = folded
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase());
        let chars = folded.chars().count() as i64;
        let word_score = 14 * chars;
        let start_finder = memmem::Finder::new(at_start.as_bytes()).into_owned();
        let mid_finder = memmem::Finder::new(mid_word.as_bytes()).into_owned();
        LongPattern {
            plain: folded.to_string(),
            at_start,
            mid_word,
            start_finder,
            mid_finder,
            marked,
            chars,
            word_score,
        }
    }
}

/// The best-scoring long field in scope that the pattern matches, weighted by its kind;
/// with `any`, the first match found (enough to exclude a briefing for a negated term).
#[allow(clippy::too_many_arguments)]
pub(super) fn best_long_field<'b>(
    doc: &Doc<'_>,
    b: &'b Briefing,
    scope: Scope,
    kind: MatchKind,
    pattern: &LongPattern,
    case_sensitive: Option<&Pattern>,
    originals: &mut Option<Vec<(FieldRef, &'b str)>>,
    any: bool,
) -> Option<(i64, FieldRef)> {
    if doc.long.is_empty() {
        return None;
    }
    let text = doc.long_text;
    let mut best: Option<(i64, FieldRef)> = None;
    let mut consider = |at: usize, len: usize, word_start: bool| -> bool {
        let field = doc
            .long
            .partition_point(|&(_, _, start, _)| start as usize <= at)
            .saturating_sub(1);
        let Some(&(r, _, start, end)) = doc.long.get(field) else {
            return false;
        };
        if !r.kind.in_scope(scope) || at + len > end as usize {
            return false;
        }
        let boundary = word_start
            || text[start as usize..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
        let score = match kind {
            MatchKind::Exact => pattern.chars * 16 + if boundary { 16 } else { 0 },
            _ if !boundary => return false,
            _ => {
                let after = text[at + len..end as usize].chars().next();
                pattern.word_score
                    + if pattern.chars >= 2 && after.is_none_or(|c| !c.is_alphanumeric()) {
                        12
                    } else {
                        0
                    }
            }
        };
        let weighted = score * r.kind.weight();
        if best.is_none_or(|(s, _)| weighted > s) {
            best = Some((weighted, r));
        }
        any
    };
    // Word-prefix and exact matches: one pass over all the long text, each hit mapped to its
    // field. Hits of the marked pattern are word starts; an exact match may also start inside a
    // word.
    // One letter: the words' initials (or the letters present, for an exact match) answer
    // without reading the text.
    let one_letter = case_sensitive.is_none() && pattern.marked && pattern.chars == 1;
    if one_letter && matches!(kind, MatchKind::Fuzzy | MatchKind::Exact) {
        let bit = initial_bit(pattern.at_start.as_bytes()[0]);
        for (&(r, ..), &(initials, all)) in doc.long.iter().zip(doc.initials) {
            let at_start = initials & bit != 0;
            let score = match kind {
                MatchKind::Fuzzy if at_start => pattern.word_score,
                MatchKind::Exact if at_start => 32,
                MatchKind::Exact if all & bit != 0 => 16,
                _ => continue,
            };
            if !r.kind.in_scope(scope) {
                continue;
            }
            let weighted = score * r.kind.weight();
            if best.is_none_or(|(s, _)| weighted > s) {
                best = Some((weighted, r));
                if any {
                    return best;
                }
            }
        }
        return best;
    }
    if case_sensitive.is_none() && kind == MatchKind::Fuzzy && pattern.marked {
        // Every hit of the marked pattern starts a word. Hits come in text order, so the field
        // is found by walking forward; a field out of scope, or one already matched as a whole
        // word (the best it can do), is skipped to its end.
        let bytes = text.as_bytes();
        let len = pattern.at_start.len();
        let (mut field, mut from) = (0usize, 0usize);
        while let Some(i) = pattern.start_finder.find(&bytes[from..]) {
            let at = from + i;
            while field + 1 < doc.long.len() && doc.long[field + 1].2 as usize <= at {
                field += 1;
            }
            let (r, _, _, end) = doc.long[field];
            let end = end as usize;
            if !r.kind.in_scope(scope) || at + len > end {
                from = end + 1;
                if from >= bytes.len() {
                    break;
                }
                continue;
            }
            let whole = match bytes.get(at + len) {
                None => true,
                Some(&b) if b < 0x80 => !b.is_ascii_alphanumeric(),
                Some(_) => text[at + len..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric()),
            };
            let whole = whole && pattern.chars >= 2;
            let weighted = (pattern.word_score + if whole { 12 } else { 0 }) * r.kind.weight();
            if best.is_none_or(|(s, _)| weighted > s) {
                best = Some((weighted, r));
                if any {
                    return best;
                }
            }
            from = if whole { end + 1 } else { at + 1 };
            if from >= bytes.len() {
                break;
            }
        }
        return best;
    }
    if case_sensitive.is_none() && kind == MatchKind::Fuzzy {
        for at in pattern.start_finder.find_iter(text.as_bytes()) {
            if consider(at, pattern.at_start.len(), pattern.marked) {
                return best;
            }
        }
        return best;
    }
    // An exact match may start anywhere: the first hit of each form in each field is enough
    // (a short pattern has hundreds of hits in a briefing's text, but few fields).
    if case_sensitive.is_none() && kind == MatchKind::Exact {
        let bytes = text.as_bytes();
        let forms = [
            (&pattern.start_finder, pattern.at_start.len()),
            (&pattern.mid_finder, pattern.mid_word.len()),
        ];
        for (form, (finder, len)) in forms.into_iter().enumerate() {
            if form == 1 && pattern.mid_word == pattern.at_start {
                break;
            }
            let (mut field, mut from) = (0usize, 0usize);
            while let Some(i) = finder.find(&bytes[from..]) {
                let at = from + i;
                while field + 1 < doc.long.len() && doc.long[field + 1].2 as usize <= at {
                    field += 1;
                }
                let (r, _, start, end) = doc.long[field];
                let end = end as usize;
                let mut boundary_found = true;
                if r.kind.in_scope(scope) && at + len <= end {
                    // Marked text: the word-start form starts a word and the other does not.
                    let boundary = if pattern.marked {
                        form == 0
                    } else {
                        text[start as usize..at]
                            .chars()
                            .next_back()
                            .is_none_or(|c| !c.is_alphanumeric())
                    };
                    boundary_found = boundary;
                    let weighted =
                        (pattern.chars * 16 + if boundary { 16 } else { 0 }) * r.kind.weight();
                    if best.is_none_or(|(s, _)| weighted > s) {
                        best = Some((weighted, r));
                        if any {
                            return best;
                        }
                    }
                }
                // On past the end of this field: its first hit of each form is all that counts,
                // but for an unmarked pattern, a hit inside a word may be followed by a better
                // one at a word start.
                from = if boundary_found {
                    (end + 1).max(at + 1)
                } else {
                    at + 1
                };
                if from >= bytes.len() {
                    break;
                }
            }
        }
        return best;
    }
    let plain = Pattern::new(&pattern.plain);
    for &(r, n, start, end) in doc.long {
        if !r.kind.in_scope(scope) {
            continue;
        }
        let field_text = doc.long_text[start as usize..end as usize].to_ascii_lowercase();
        let Some(mut score) = rule::score(&field_text, r.kind, kind, &plain).map(|s| s.value)
        else {
            continue;
        };
        if let Some(p) = case_sensitive {
            let originals = originals.get_or_insert_with(|| fields(b));
            let original = originals.get(usize::from(n)).map_or("", |(_, t)| *t);
            match rule::score(&fold_keep_case(original), r.kind, kind, p) {
                Some(s) => score = s.value,
                None => continue,
            }
        }
        let weighted = score * r.kind.weight();
        if best.is_none_or(|(s, _)| weighted > s) {
            best = Some((weighted, r));
            if any {
                return best;
            }
        }
    }
    best
}
