//! Search: the query language, an index prepared once at load time, ranking, and the match
//! positions that the UI highlights. Pure functions over read-only data.

mod fields;
mod fold;
mod matcher;
mod query;
pub mod rule;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use memchr::memmem;
use rayon::prelude::*;

use crate::model::{Briefing, Corpus};

pub use fields::{ALL_KINDS, FieldKind, FieldRef, field_text, fields};
pub use fold::{fold_keep_case, fold_lower};
pub use matcher::MAX_FUZZY_CHARS;
use rule::Pattern;

pub use query::{
    DateRange, MAX_QUERY_CHARS, MatchKind, Query, QueryError, SCOPES, Scope, Term, TermKind, parse,
};

/// A long field: (field, its position in [`fields`], byte range in its briefing's text).
type LongField = (FieldRef, u16, u32, u32);

/// Where one briefing's searchable fields are in the index's shared arrays.
#[derive(Debug, Clone)]
struct DocSpan {
    text: (usize, usize),
    long: (usize, usize),
    short: (usize, usize),
    /// The briefing's first and last day, so that `date:` terms need not touch the briefing.
    days: (NaiveDate, NaiveDate),
}

/// One briefing's searchable fields, borrowed from the index. Long free text is folded and
/// lower-cased, with the first letter of each word upper-cased (see [`mark_word_starts`]);
/// short fields are ids into the index's table of distinct strings, since names, countries,
/// organizations and kinds repeat across briefings.
struct Doc<'a> {
    long_text: &'a str,
    long: &'a [LongField],
    /// For each long field, the ASCII letters that start one of its words, and the letters it
    /// has anywhere, as bits: a one-letter query needs no scan of the text at all.
    initials: &'a [(u32, u32)],
    /// (field, id in the table of short strings).
    short: &'a [(FieldRef, u32)],
}

/// Prepared at load time so that a keystroke costs only matching. All briefings' fields sit
/// in a few large arrays, in corpus order, so that a pass reads memory front to back.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    docs: Vec<DocSpan>,
    long_text: String,
    long: Vec<LongField>,
    initials: Vec<(u32, u32)>,
    short: Vec<(FieldRef, u32)>,
    /// Distinct short field texts, folded and lower-cased.
    strings: Vec<Box<str>>,
    /// The same, folded with case kept (for smart case).
    strings_case: Vec<Box<str>>,
}

impl SearchIndex {
    pub fn build(corpus: &Corpus) -> SearchIndex {
        let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut index = SearchIndex::default();
        for e in &corpus.briefings {
            let b = &e.briefing;
            let (text_start, long_start, short_start) =
                (index.long_text.len(), index.long.len(), index.short.len());
            for (n, (r, t)) in fields(b).into_iter().enumerate() {
                if r.kind.is_long() {
                    let start = (index.long_text.len() - text_start) as u32;
                    let marked = mark_word_starts(&fold_lower(t), true);
                    index.initials.push(letter_bits(&marked));
                    index.long_text.push_str(&marked);
                    index.long.push((
                        r,
                        n as u16,
                        start,
                        (index.long_text.len() - text_start) as u32,
                    ));
                    // A separator no pattern contains, so that no match spans two fields.
                    index.long_text.push('\n');
                } else {
                    let id = *ids.entry(t).or_insert_with(|| {
                        index.strings.push(fold_lower(t).into());
                        index.strings_case.push(fold_keep_case(t).into());
                        index.strings.len() as u32 - 1
                    });
                    index.short.push((r, id));
                }
            }
            index.docs.push(DocSpan {
                text: (text_start, index.long_text.len()),
                long: (long_start, index.long.len()),
                short: (short_start, index.short.len()),
                days: (b.date.0, b.end_date.unwrap_or(b.date).0),
            });
        }
        index.long_text.shrink_to_fit();
        index.long.shrink_to_fit();
        index.initials.shrink_to_fit();
        index.short.shrink_to_fit();
        index
    }

    fn doc(&self, span: &DocSpan) -> Doc<'_> {
        Doc {
            long_text: &self.long_text[span.text.0..span.text.1],
            long: &self.long[span.long.0..span.long.1],
            initials: &self.initials[span.long.0..span.long.1],
            short: &self.short[span.short.0..span.short.1],
        }
    }

    /// Bytes held by the index, for comparing with the size of the YAML it came from.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let strings: usize = self
            .strings
            .iter()
            .chain(&self.strings_case)
            .map(|s| s.len() + size_of::<Box<str>>())
            .sum();
        self.long_text.capacity()
            + self.long.capacity() * size_of::<LongField>()
            + self.initials.capacity() * size_of::<(u32, u32)>()
            + self.short.capacity() * size_of::<(FieldRef, u32)>()
            + self.docs.capacity() * size_of::<DocSpan>()
            + strings
    }
}

/// One matching briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into `corpus.briefings`.
    pub doc: usize,
    pub score: i64,
    /// The field that matched best: the reason shown when the title does not say it.
    pub best: Option<FieldRef>,
    /// The best field matched only through the typo tier: the reason reads "close to".
    pub close: bool,
}

impl Hit {
    /// Why the briefing matched, as the list says it.
    pub fn reason(&self) -> Option<Reason> {
        self.best.map(|field| Reason {
            field,
            close: self.close,
        })
    }
}

/// The field a briefing matched by, and whether only through the typo tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub field: FieldRef,
    pub close: bool,
}

impl Reason {
    /// `participant`, `tag`, ... or `close to` for a typo-tier match.
    pub fn label(&self) -> &'static str {
        if self.close {
            "close to"
        } else {
            self.field.kind.label()
        }
    }
}

/// Generation counter for abandoning a pass when a newer query arrives.
pub type Generation = AtomicU64;

/// The best match of one text term in every briefing: `(weighted score, field)` or `None`.
/// Scores fit in 32 bits (a few hundred times a weight of at most 30); half the width of the
/// vectors a pass writes and reads matters at 100,000 briefings.
type TermResults = Vec<Option<(i32, FieldRef)>>;

/// What identifies a text term's results: its scope, form and pattern (not its negation).
#[derive(Debug, Clone, PartialEq, Eq)]
struct TermKey {
    scope: Scope,
    kind: MatchKind,
    folded: String,
    case_sensitive: Option<String>,
}

/// Results of recent terms, kept between passes: while a query is typed, every word but the
/// last is unchanged, so a keystroke costs one term's pass, not the whole query's.
#[derive(Debug, Default)]
pub struct SearchCache {
    entries: Vec<(TermKey, Arc<TermResults>)>,
}

impl SearchCache {
    const CAPACITY: usize = 16;

    fn get(&self, key: &TermKey) -> Option<Arc<TermResults>> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| Arc::clone(r))
    }

    fn put(&mut self, key: TermKey, results: Arc<TermResults>) {
        if self.entries.len() >= Self::CAPACITY {
            self.entries.remove(0);
        }
        self.entries.push((key, results));
    }
}

/// All briefings matching `query`, best first (newer first on ties). Returns `None` when
/// `current` moves past `generation` meanwhile: a newer keystroke made this pass moot.
pub fn search(
    index: &SearchIndex,
    corpus: &Corpus,
    query: &Query,
    current: &Generation,
    generation: u64,
    cache: &mut SearchCache,
) -> Option<Vec<Hit>> {
    if index.docs.len() != corpus.briefings.len() {
        return Some(Vec::new());
    }
    let stale = || current.load(Ordering::Relaxed) != generation;
    // One result vector per text term, from the cache or computed now.
    let mut per_term: Vec<Vec<Option<Arc<TermResults>>>> = Vec::new();
    for group in &query.groups {
        let mut row = Vec::new();
        for term in group {
            let TermKind::Text {
                kind,
                folded,
                case_sensitive,
            } = &term.kind
            else {
                row.push(None);
                continue;
            };
            let key = TermKey {
                scope: term.scope,
                kind: *kind,
                folded: folded.clone(),
                case_sensitive: case_sensitive.clone(),
            };
            let results = match cache.get(&key) {
                Some(r) => r,
                None => {
                    let r = Arc::new(term_results(index, corpus, term, &stale)?);
                    cache.put(key, Arc::clone(&r));
                    r
                }
            };
            row.push(Some(results));
        }
        per_term.push(row);
    }
    if stale() {
        return None;
    }
    let mut hits: Vec<Hit> = (0..index.docs.len())
        .into_par_iter()
        .filter_map(|n| {
            let mut total = 0;
            let mut best: Option<(i64, FieldRef)> = None;
            for (group, results) in query.groups.iter().zip(&per_term) {
                let mut group_hit: Option<(i64, Option<FieldRef>)> = None;
                for (term, r) in group.iter().zip(results) {
                    let hit = match (&term.kind, r) {
                        (TermKind::Date(range), _) => {
                            let (start, end) = index.docs[n].days;
                            (range.overlaps(start, end) != term.negate).then_some((0, None))
                        }
                        (TermKind::Text { .. }, Some(r)) => match (r[n], term.negate) {
                            (Some(_), true) | (None, false) => None,
                            (None, true) => Some((0, None)),
                            (Some((s, f)), false) => Some((i64::from(s), Some(f))),
                        },
                        (TermKind::Text { .. }, None) => None,
                    };
                    if let Some(h) = hit
                        && group_hit.is_none_or(|g| h.0 > g.0)
                    {
                        group_hit = Some(h);
                    }
                }
                let (score, field) = group_hit?;
                total += score;
                if let Some(f) = field
                    && best.is_none_or(|(s, _)| score > s)
                {
                    best = Some((score, f));
                }
            }
            Some(Hit {
                doc: n,
                score: total,
                best: best.map(|(_, f)| f),
                close: best.is_some_and(|(s, _)| s == rule::CLOSE_SCORE),
            })
        })
        .collect();
    // The corpus is newest first, so ordering ties by position keeps newer first.
    hits.par_sort_unstable_by_key(|h| (std::cmp::Reverse(h.score), h.doc));
    Some(hits)
}

/// Runs a search that nothing can interrupt (the CLI, tests).
pub fn search_all(index: &SearchIndex, corpus: &Corpus, query: &Query) -> Vec<Hit> {
    search(
        index,
        corpus,
        query,
        &Generation::new(0),
        0,
        &mut SearchCache::default(),
    )
    .unwrap_or_default()
}

/// One text term over every briefing: its table of distinct short strings scored once, then
/// each briefing's best field. `None` when the pass went stale.
fn term_results(
    index: &SearchIndex,
    corpus: &Corpus,
    term: &Term,
    stale: &(dyn Fn() -> bool + Sync),
) -> Option<TermResults> {
    const CHUNK: usize = 1024;
    let TermKind::Text {
        kind,
        folded,
        case_sensitive,
    } = &term.kind
    else {
        return Some(vec![None; index.docs.len()]);
    };
    let long_pattern = LongPattern::new(folded);
    let folded = Pattern::new(folded);
    let case_sensitive = case_sensitive.as_deref().map(Pattern::new);
    let (strings, pattern) = match &case_sensitive {
        Some(p) => (&index.strings_case, p),
        None => (&index.strings, &folded),
    };
    let scoped = |long: bool| {
        ALL_KINDS
            .iter()
            .any(|k| k.is_long() == long && k.in_scope(term.scope))
    };
    let (search_short, search_long) = (scoped(false), scoped(true));
    // Each distinct string scored once, under the rule for names (the only short kind with a
    // typo tier); a typo-tier score counts for name fields only.
    let short_scores: Vec<Option<rule::Score>> = if !search_short {
        Vec::new()
    } else {
        strings
            .par_iter()
            .map(|s| rule::score(s, FieldKind::Name, *kind, pattern))
            .collect()
    };
    if stale() {
        return None;
    }
    let chunks: Vec<Option<TermResults>> = index
        .docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, docs)| {
            if stale() {
                return None;
            }
            Some(
                docs.iter()
                    .enumerate()
                    .map(|(i, span)| {
                        let doc = &index.doc(span);
                        let b = &corpus.briefings[c * CHUNK + i].briefing;
                        let mut originals: Option<Vec<(FieldRef, &str)>> = None;
                        let short = doc
                            .short
                            .iter()
                            .take(if search_short { usize::MAX } else { 0 })
                            .filter_map(|&(r, id)| {
                                let s = short_scores[id as usize]?;
                                (r.kind.in_scope(term.scope)
                                    && (!s.close || r.kind == FieldKind::Name))
                                    .then(|| (s.value * r.kind.weight(), r))
                            })
                            .max_by_key(|(s, _)| *s);
                        let long = search_long
                            .then(|| {
                                best_long_field(
                                    doc,
                                    b,
                                    term.scope,
                                    *kind,
                                    &long_pattern,
                                    case_sensitive.as_ref(),
                                    &mut originals,
                                    term.negate,
                                )
                            })
                            .flatten();
                        let best = match (short, long) {
                            (Some(a), Some(l)) => Some(if l.0 > a.0 { l } else { a }),
                            (a, l) => a.or(l),
                        };
                        best.map(|(s, f)| (i32::try_from(s).unwrap_or(i32::MAX), f))
                    })
                    .collect(),
            )
        })
        .collect();
    let mut out = Vec::with_capacity(index.docs.len());
    for c in chunks {
        out.extend(c?);
    }
    Some(out)
}

/// Upper-cases the ASCII letters that start a word (after a character that is not a letter or
/// digit; `first_is_start` says whether the text's first character counts as such). In the
/// index's long text this marks word starts in the text itself, so that a word-prefix search
/// is one substring search for the marked pattern: hits only where a word starts, instead of
/// every occurrence (an `e` is in every other word).
pub fn mark_word_starts(text: &str, first_is_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_start = first_is_start;
    for c in text.chars() {
        out.push(if at_start { c.to_ascii_uppercase() } else { c });
        at_start = !c.is_alphanumeric();
    }
    out
}

/// The bit of an upper-case ASCII letter (a marked word start), or 0.
fn initial_bit(b: u8) -> u32 {
    if b.is_ascii_uppercase() {
        1 << (b - b'A')
    } else {
        0
    }
}

/// The initials (upper-case, marked word starts) and all letters present in marked text.
fn letter_bits(marked: &str) -> (u32, u32) {
    marked.bytes().fold((0, 0), |(initials, all), b| {
        (
            initials | initial_bit(b),
            all | initial_bit(b.to_ascii_uppercase()),
        )
    })
}

/// A pattern for the marked long text: as it reads at a word start and in the middle of a word.
struct LongPattern {
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
    fn new(folded: &str) -> LongPattern {
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
fn best_long_field<'b>(
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

/// Character positions in `text` (original, unfolded) that the query's positive terms match,
/// for highlighting; computed only for what is on screen.
pub fn highlight(query: &Query, field: FieldKind, text: &str) -> Vec<usize> {
    let (lower, lower_map) = fold::fold_lower_mapped(text);
    let mut keep_case: Option<(String, Vec<usize>)> = None;
    let mut positions: Vec<usize> = Vec::new();
    for term in query.positive_terms() {
        if !field.in_scope(term.scope) {
            continue;
        }
        let TermKind::Text {
            kind,
            folded,
            case_sensitive,
        } = &term.kind
        else {
            continue;
        };
        let (haystack, map, pattern): (&str, &[usize], &str) = match case_sensitive {
            Some(p) => {
                let (t, m) = keep_case.get_or_insert_with(|| fold::fold_keep_case_mapped(text));
                (t, m, p)
            }
            None => (&lower, &lower_map, folded),
        };
        // Positions in the folded text, mapped back to the characters they came from.
        positions.extend(
            rule::positions(haystack, field, *kind, pattern)
                .into_iter()
                .filter_map(|p| map.get(p).copied()),
        );
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// Every field of a briefing that the query matches, with positions: for `brief search
/// --format json`, the panes' match marks and `n`/`N`.
pub fn matched_fields(query: &Query, b: &Briefing) -> Vec<(FieldRef, String, Vec<usize>)> {
    fields(b)
        .into_iter()
        .filter_map(|(r, text)| {
            let p = highlight(query, r.kind, text);
            (!p.is_empty()).then(|| (r, text.to_string(), p))
        })
        .collect()
}

/// Whether fields (those of one pane item) satisfy the whole query on their own: every group
/// The score of a text term on one field, given its original text and that text folded,
/// before negation; `None` for a date term or no match.
fn text_term_score(term: &Term, kind: FieldKind, original: &str, folded: &str) -> Option<i64> {
    let TermKind::Text {
        kind: form,
        folded: pattern,
        case_sensitive,
    } = &term.kind
    else {
        return None;
    };
    match case_sensitive {
        Some(p) => rule::score(&fold_keep_case(original), kind, *form, &Pattern::new(p)),
        None => rule::score(folded, kind, *form, &Pattern::new(pattern)),
    }
    .map(|s| s.value)
}

/// A term's verdict from its match: a negated term holds (scoring 0) where it does not match.
fn verdict(found: Option<i64>, negate: bool) -> Option<i64> {
    match (found, negate) {
        (Some(_), true) => None,
        (None, true) => Some(0),
        (found, false) => found,
    }
}

/// Whether fields (those of one pane item) satisfy the whole query on their own: every group
/// has a term that matches one of them. `date:` terms are judged on the briefing's dates.
pub fn fields_satisfy(query: &Query, b: &Briefing, item_fields: &[(FieldRef, &str)]) -> bool {
    let folded: Vec<String> = item_fields.iter().map(|(_, t)| fold_lower(t)).collect();
    query.groups.iter().all(|group| {
        group.iter().any(|term| match &term.kind {
            TermKind::Date(range) => {
                let end = b.end_date.unwrap_or(b.date);
                range.overlaps(b.date.0, end.0) != term.negate
            }
            TermKind::Text { .. } => {
                let found = item_fields
                    .iter()
                    .zip(&folded)
                    .filter(|((r, _), _)| r.kind.in_scope(term.scope))
                    .find_map(|((r, original), f)| text_term_score(term, r.kind, original, f));
                verdict(found, term.negate).is_some()
            }
        })
    })
}

/// How well one text (of kind `kind`) satisfies every group of the query on its own, or `None`.
/// `date:` terms say nothing about a text and are passed over. For filtering lists of names.
pub fn text_score(query: &Query, kind: FieldKind, text: &str) -> Option<i64> {
    let folded = fold_lower(text);
    let mut total = 0;
    for group in &query.groups {
        let best = group
            .iter()
            .filter_map(|term| match term.kind {
                TermKind::Date(_) => Some(0),
                TermKind::Text { .. } => {
                    verdict(text_term_score(term, kind, text, &folded), term.negate)
                }
            })
            .max();
        total += best?;
    }
    Some(total)
}
