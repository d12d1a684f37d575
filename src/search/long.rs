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

impl LongPattern {
    /// Whether a pass for this pattern takes the word-prefix path whose hits it can record:
    /// marked (it starts with an ASCII letter) and of three letters or more (two letters have
    /// so many hits that keeping them costs more than it saves).
    pub(super) fn records_hits(&self) -> bool {
        self.marked && self.chars > 2
    }

    /// The pattern's length in marked text, in bytes.
    pub(super) fn marked_len(&self) -> usize {
        self.at_start.len()
    }

    /// The most a field of weight 1 can score under `kind` ([`rule::score`]'s best case).
    pub(super) fn top(&self, kind: MatchKind) -> i64 {
        match kind {
            MatchKind::Fuzzy => self.word_score + if self.chars >= 2 { 12 } else { 0 },
            MatchKind::Exact | MatchKind::Prefix => self.chars * 16 + 16,
            MatchKind::Suffix => self.chars * 16 + 8,
            MatchKind::Equal => self.chars * 16 + 32,
        }
    }
}

/// The most that a briefing's long fields in scope, from the `from`-th on, could score: once a
/// pass has a match worth that much, the rest of the text cannot beat it (a tie keeps the
/// match found first), and need not be read.
pub(super) fn cap_from(doc: &Doc<'_>, from: usize, scope: Scope, top: i64) -> Option<i64> {
    doc.long
        .get(from..)
        .unwrap_or_default()
        .iter()
        .filter(|(r, ..)| r.kind.in_scope(scope))
        .map(|(r, ..)| top * r.kind.weight())
        .max()
}

/// Hits of a shorter form of a word-prefix pattern, and where to record this one's.
#[derive(Default)]
pub(super) struct Narrowed<'h> {
    /// Every hit in scope of a shorter form of the pattern in this briefing: the only places
    /// where the pattern can be.
    pub(super) among: Option<Among<'h>>,
    /// Where to put every hit in scope of this pattern, with what follows it.
    pub(super) record: Option<&'h mut Vec<Recorded>>,
}

/// The hits of a shorter form of a pattern, `len` bytes long in marked text: their offsets in
/// the briefing's long text, with the bytes that follow each.
#[derive(Clone, Copy)]
pub(super) struct Among<'h> {
    pub(super) len: usize,
    pub(super) hits: &'h [Recorded],
}

/// One hit of a pattern in a briefing's long text, kept for the pass of a longer form.
#[derive(Debug, Clone, Copy)]
pub(super) struct Recorded {
    /// Its offset in the briefing's long text.
    at: u32,
    /// Whether it starts a word (the marked text tells, but reading it costs a cache miss).
    word_start: bool,
    after: After,
}

/// Up to eight bytes of text that follow a hit, kept with it, so that the pass for a longer
/// form of the pattern can check the letters added, and whether the word ends there, without
/// reading the text again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct After {
    bytes: [u8; 8],
    known: u8,
}

impl After {
    /// The bytes of `text` from `at` on (as many as it has, up to eight).
    fn read(text: &[u8], at: usize) -> After {
        let mut after = After::default();
        let rest = text.get(at..).unwrap_or_default();
        let known = rest.len().min(8);
        after.bytes[..known].copy_from_slice(&rest[..known]);
        after.known = known as u8;
        after
    }

    fn first(&self) -> Option<u8> {
        (self.known > 0).then_some(self.bytes[0])
    }

    /// Whether the kept bytes start with `added`: `Some(Some(rest))` with what follows them,
    /// `Some(None)` if they do not, `None` if too few bytes are kept to tell.
    fn strip(&self, added: &[u8]) -> Option<Option<After>> {
        let known = usize::from(self.known);
        if added.len() > known {
            return None;
        }
        if self.bytes[..added.len()] != *added {
            return Some(None);
        }
        let mut rest = After::default();
        rest.bytes[..known - added.len()].copy_from_slice(&self.bytes[added.len()..known]);
        rest.known = (known - added.len()) as u8;
        Some(Some(rest))
    }
}

/// The best-scoring long field in scope that the pattern matches, weighted by its kind, if it
/// scores more than `floor` (the briefing's best short field): fields that cannot beat the
/// floor or the best so far are not read. With `any`, the first match found (enough to
/// exclude a briefing for a negated term).
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
    floor: Option<i64>,
    narrowed: Narrowed<'_>,
) -> Option<(i64, FieldRef)> {
    let Narrowed { among, mut record } = narrowed;
    if doc.long.is_empty() {
        return None;
    }
    let top = pattern.top(kind);
    // Whether nothing after field `field` can beat the best so far or the floor.
    let settled = |best: Option<(i64, FieldRef)>, field: usize| {
        let reached = best.map(|(s, _)| s).max(floor);
        reached.is_some()
            && cap_from(doc, field + 1, scope, top).is_none_or(|cap| reached >= Some(cap))
    };
    let mut best: Option<(i64, FieldRef)> = None;
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
        // word (the best it can do), is skipped to its end. When the hits are being recorded
        // for a longer form of the pattern, every hit in scope is visited.
        let bytes = doc.long_bytes();
        let len = pattern.at_start.len();
        let wanted = pattern.at_start.as_bytes();
        let keep_all = record.is_some();
        // Among the hits of a shorter form of the pattern, the only places where this one can
        // be: its added letters are compared with the bytes kept after each, and the text is
        // read only when they are not enough.
        let mut candidates = among.map(|a| {
            let added = &wanted[a.len.min(wanted.len())..];
            (added, a.hits.iter())
        });
        // The next hit at or after `from`, and what follows it.
        let mut next = |from: usize| -> Option<(usize, After)> {
            match &mut candidates {
                None => {
                    let at = from + pattern.start_finder.find(bytes.get(from..)?)?;
                    Some((at, After::read(bytes, at + len)))
                }
                Some((added, hits)) => hits.by_ref().find_map(|hit| {
                    let (at, after) = (hit.at as usize, hit.after);
                    if at < from {
                        return None;
                    }
                    match after.strip(added) {
                        Some(Some(rest)) => Some((at, rest)),
                        Some(None) => None,
                        None => bytes
                            .get(at..)
                            .is_some_and(|b| b.starts_with(wanted))
                            .then(|| (at, After::read(bytes, at + len))),
                    }
                }),
            }
        };
        let (mut field, mut from) = (0usize, 0usize);
        while let Some((at, after)) = next(from) {
            while field + 1 < doc.long.len() && doc.long[field + 1].2 as usize <= at {
                field += 1;
            }
            let (r, _, _, end) = doc.long[field];
            let end = end as usize;
            if !r.kind.in_scope(scope) || at + len > end {
                from = end + 1;
                continue;
            }
            if let Some(hits) = record.as_deref_mut() {
                hits.push(Recorded {
                    at: at as u32,
                    word_start: true,
                    after,
                });
            }
            let whole = match after.first() {
                Some(b) if b < 0x80 => !b.is_ascii_alphanumeric(),
                // No byte kept, or the start of a wider character: read it from the text.
                _ => doc.long_text()[at + len..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric()),
            };
            let whole = whole && pattern.chars >= 2;
            let weighted = (pattern.word_score + if whole { 12 } else { 0 }) * r.kind.weight();
            if best.is_none_or(|(s, _)| weighted > s) {
                best = Some((weighted, r));
                if any && !keep_all {
                    return best;
                }
            }
            // A whole word is the best this field can do; then perhaps the best of all.
            if !keep_all && (whole || weighted == top * r.kind.weight()) && settled(best, field) {
                return best;
            }
            from = if whole && !keep_all { end + 1 } else { at + 1 };
        }
        return best;
    }
    if case_sensitive.is_none()
        && kind == MatchKind::Exact
        && pattern.marked
        && (among.is_some() || record.is_some())
    {
        // An exact match, recorded for a longer form or checked among a shorter form's: every
        // hit in scope is visited, word starts first (then inside words), as the plain path
        // below finds them, so that equal scores keep the same field.
        let bytes = doc.long_bytes();
        let len = pattern.at_start.len();
        let keep_all = record.is_some();
        for word_start in [true, false] {
            let (finder, wanted) = if word_start {
                (&pattern.start_finder, pattern.at_start.as_bytes())
            } else {
                (&pattern.mid_finder, pattern.mid_word.as_bytes())
            };
            let found: Vec<(usize, After)> = match among {
                None => finder
                    .find_iter(bytes)
                    .map(|at| (at, After::read(bytes, at + len)))
                    .collect(),
                Some(a) => {
                    let added = &wanted[a.len.min(wanted.len())..];
                    a.hits
                        .iter()
                        .filter(|hit| hit.word_start == word_start)
                        .filter_map(|hit| {
                            let at = hit.at as usize;
                            match hit.after.strip(added) {
                                Some(rest) => rest.map(|rest| (at, rest)),
                                None => bytes
                                    .get(at..)
                                    .is_some_and(|b| b.starts_with(wanted))
                                    .then(|| (at, After::read(bytes, at + len))),
                            }
                        })
                        .collect()
                }
            };
            let mut field = 0usize;
            for (at, after) in found {
                while field + 1 < doc.long.len() && doc.long[field + 1].2 as usize <= at {
                    field += 1;
                }
                let (r, _, _, end) = doc.long[field];
                if !r.kind.in_scope(scope) || at + len > end as usize {
                    continue;
                }
                if let Some(hits) = record.as_deref_mut() {
                    hits.push(Recorded {
                        at: at as u32,
                        word_start,
                        after,
                    });
                }
                let weighted =
                    (pattern.chars * 16 + if word_start { 16 } else { 0 }) * r.kind.weight();
                if best.is_none_or(|(s, _)| weighted > s) {
                    best = Some((weighted, r));
                    if any && !keep_all {
                        return best;
                    }
                }
            }
        }
        return best;
    }
    // Sliced only now: a one-letter pattern never touches the text.
    // Otherwise word-prefix and exact matches: one pass over all the long text, each hit mapped to its
    // field. Hits of the marked pattern are word starts; an exact match may also start inside a
    // word.
    let text = doc.long_text();
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
        let field_text = text[start as usize..end as usize].to_ascii_lowercase();
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
