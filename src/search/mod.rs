//! Search: the query language, an index prepared once at load time, ranking, and the match
//! positions that the UI highlights. Pure functions over read-only data.
//!
//! Read [`rule`] first: it is the one rule that decides whether and how well a query word
//! matches a field. This file is the pass over the whole corpus (a term at a time, with a cache
//! of recent terms); `index.rs` prepares the data it reads, `long.rs` holds the fast paths for
//! long text, and `highlight.rs` matches one briefing's fields for the screen and the filters.

mod fields;
mod fold;
mod highlight;
mod index;
mod long;
mod matcher;
mod query;
pub mod rule;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::model::Corpus;

use long::{Among, LongPattern, Narrowed, Recorded, best_long_field};

pub use fields::{ALL_KINDS, FieldKind, FieldRef, field_text, fields};
pub use fold::{fold_keep_case, fold_lower};
pub use highlight::{fields_satisfy, highlight, matched_fields, text_score};
pub use index::{SearchIndex, mark_word_starts};
pub use matcher::MAX_FUZZY_CHARS;
use rule::Pattern;

pub use query::{
    DateRange, MAX_QUERY_CHARS, MatchKind, Query, QueryError, SCOPES, Scope, Term, TermKind, parse,
};

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

/// What identifies a text term's results: its negation, scope, form and pattern. (A negated
/// term stops at its first match in a briefing, so its scores are not the plain term's.)
#[derive(Debug, Clone, PartialEq, Eq)]
struct TermKey {
    negate: bool,
    scope: Scope,
    kind: MatchKind,
    folded: String,
    case_sensitive: Option<String>,
}

impl TermKey {
    /// Whether every briefing whose long text matches this term also matched `shorter` there:
    /// true when this term is `shorter` typed further, in a form whose matches still match with
    /// the last letters taken away (a word prefix, a substring, a prefix). A pass for the
    /// longer term then reads only the long text of the briefings `shorter` matched.
    fn narrows(&self, shorter: &TermKey) -> bool {
        matches!(
            self.kind,
            MatchKind::Fuzzy | MatchKind::Exact | MatchKind::Prefix
        ) && self.kind == shorter.kind
            && self.scope == shorter.scope
            && self.case_sensitive.is_none()
            && shorter.case_sensitive.is_none()
            && self.folded.len() > shorter.folded.len()
            && self.folded.starts_with(&shorter.folded)
    }
}

/// One text term's pass, as kept between passes.
#[derive(Debug)]
struct TermPass {
    results: Arc<TermResults>,
    /// For each briefing, whether a long field in scope may match (it did, or it was not read).
    long_hits: Vec<bool>,
    /// Where a word-prefix term's hits are in the long text read, if there were not too many.
    positions: Option<Positions>,
}

/// Briefings in a pass are taken this many at a time; [`Positions`] are kept in the same chunks.
const CHUNK: usize = 1024;

/// The most word-prefix hits a pass keeps for the next (16 bytes each).
const MAX_POSITIONS: usize = 1_000_000;

/// Where a word-prefix term's hits in scope are in each briefing's long text, kept so that the
/// pass for the term typed further checks those places instead of reading the text again.
#[derive(Debug, Default)]
struct Positions {
    /// The length of the term's pattern in marked text.
    len: usize,
    chunks: Vec<ChunkPositions>,
}

#[derive(Debug, Default)]
struct ChunkPositions {
    /// Offsets in each briefing's long text and what follows them, briefing after briefing.
    hits: Vec<Recorded>,
    /// For each briefing of the chunk, its range in `hits`, or `None` where the text was not
    /// read (nothing is known about it).
    ranges: Vec<Option<(u32, u32)>>,
}

/// What a shorter form of a term tells the pass for the longer one.
#[derive(Clone, Copy)]
struct Narrowing<'a> {
    long_hits: &'a [bool],
    positions: Option<&'a Positions>,
}

/// Results of recent terms, kept between passes: while a query is typed, every word but the
/// last is unchanged, so a keystroke costs one term's pass, not the whole query's; and the
/// last word's pass reads only the long text of briefings its previous form matched.
#[derive(Debug)]
pub struct SearchCache {
    entries: Vec<(TermKey, TermPass)>,
    max_positions: usize,
}

impl Default for SearchCache {
    fn default() -> SearchCache {
        SearchCache::with_max_positions(MAX_POSITIONS)
    }
}

impl SearchCache {
    const CAPACITY: usize = 16;

    /// A cache that keeps at most `max` word-prefix hits of a pass (tests use a few, so that
    /// small corpora go past the limit too).
    pub fn with_max_positions(max: usize) -> SearchCache {
        SearchCache {
            entries: Vec::new(),
            max_positions: max,
        }
    }

    fn get(&self, key: &TermKey) -> Option<Arc<TermResults>> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| Arc::clone(&p.results))
    }

    /// The pass of the longest cached term that `key` narrows.
    fn narrowing(&self, key: &TermKey) -> Option<&TermPass> {
        self.entries
            .iter()
            .filter(|(k, _)| key.narrows(k))
            .max_by_key(|(k, _)| k.folded.len())
            .map(|(_, p)| p)
    }

    /// Keeps a pass; only the two latest keep their positions, which can be large.
    fn put(&mut self, key: TermKey, pass: TermPass) {
        if self.entries.len() >= Self::CAPACITY {
            self.entries.remove(0);
        }
        let older = self.entries.len().saturating_sub(1);
        for (_, p) in &mut self.entries[..older] {
            p.positions = None;
        }
        self.entries.push((key, pass));
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
                negate: term.negate,
                scope: term.scope,
                kind: *kind,
                folded: folded.clone(),
                case_sensitive: case_sensitive.clone(),
            };
            let results = match cache.get(&key) {
                Some(r) => r,
                None => {
                    let narrowing = cache.narrowing(&key).map(|p| Narrowing {
                        long_hits: &p.long_hits,
                        positions: p.positions.as_ref(),
                    });
                    let pass =
                        term_results(index, corpus, term, narrowing, cache.max_positions, &stale)?;
                    let results = Arc::clone(&pass.results);
                    cache.put(key, pass);
                    results
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
/// each briefing's best field, and whether a long field may match. `narrowing` is what a
/// shorter form of the term found; `None` when the pass went stale.
fn term_results(
    index: &SearchIndex,
    corpus: &Corpus,
    term: &Term,
    narrowing: Option<Narrowing>,
    max_positions: usize,
    stale: &(dyn Fn() -> bool + Sync),
) -> Option<TermPass> {
    let TermKind::Text {
        kind,
        folded,
        case_sensitive,
    } = &term.kind
    else {
        let none = index.docs.len();
        return Some(TermPass {
            results: Arc::new(vec![None; none]),
            long_hits: vec![false; none],
            positions: None,
        });
    };
    let long_pattern = LongPattern::new(folded);
    let top = long_pattern.top(*kind);
    let pattern_mask = rule::letter_mask(folded);
    let pattern_chars = folded.chars().count();
    let folded = Pattern::new(folded);
    let case_sensitive = case_sensitive.as_deref().map(Pattern::new);
    let pattern = case_sensitive.as_ref().unwrap_or(&folded);
    let scoped = |long: bool| {
        ALL_KINDS
            .iter()
            .any(|k| k.is_long() == long && k.in_scope(term.scope))
    };
    let (search_short, search_long) = (scoped(false), scoped(true));
    // Each distinct string of each part scored once, under the rule for names (the only short
    // kind with a typo tier); a typo-tier score counts for name fields only. The letter masks
    // rule most strings out before the rule reads them (masks are of lower-cased text: smart
    // case reads every string).
    let scope_bits = ALL_KINDS
        .iter()
        .filter(|k| !k.is_long() && k.in_scope(term.scope))
        .fold(0u32, |bits, &k| bits | index::kind_bit(k));
    let score_part = |part: &index::Part| -> Vec<Option<rule::Score>> {
        let strings = match &case_sensitive {
            Some(_) => &part.strings_case,
            None => &part.strings,
        };
        strings
            .par_iter()
            .zip(&part.string_kinds)
            .zip(&part.string_letters)
            .map(|((s, &kinds), &letters)| {
                // Under the rule for names (with its typo tier) only where it is a name.
                let as_kind = if kinds & index::kind_bit(FieldKind::Name) != 0 {
                    FieldKind::Name
                } else {
                    FieldKind::Tag
                };
                let possible = case_sensitive.is_some()
                    || rule::may_match(letters, pattern_mask, as_kind, *kind, pattern_chars);
                (kinds & scope_bits != 0 && possible)
                    .then(|| rule::score(s, as_kind, *kind, pattern))
                    .flatten()
            })
            .collect()
    };
    let short_scores: Vec<Vec<Option<rule::Score>>> = if !search_short {
        Vec::new()
    } else {
        index.parts.iter().map(|p| score_part(p)).collect()
    };
    // The strings that matched, as bits: a briefing's ids are checked against a table small
    // enough to stay in the processor's fastest cache.
    let matched: Vec<Vec<u64>> = short_scores
        .iter()
        .map(|scores| {
            let mut bits = vec![0u64; scores.len().div_ceil(64)];
            for (id, s) in scores.iter().enumerate() {
                if s.is_some() {
                    bits[id / 64] |= 1 << (id % 64);
                }
            }
            bits
        })
        .collect();
    if stale() {
        return None;
    }
    // Word-prefix and exact hits are recorded for the term typed further (not for a negated term,
    // which stops at its first match, nor for one letter, answered without the text).
    let record = search_long
        && matches!(kind, MatchKind::Fuzzy | MatchKind::Exact)
        && case_sensitive.is_none()
        && !term.negate
        && long_pattern.records_hits();
    type Chunk = (TermResults, Vec<bool>, ChunkPositions);
    let chunks: Vec<Option<Chunk>> = index
        .docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, docs)| {
            if stale() {
                return None;
            }
            let mut out: Chunk = Default::default();
            // Each chunk's share of the positions kept: past it, hits are no longer recorded
            // (nor every hit visited for them), and the rest of the chunk is read again by the
            // pass for the longer term.
            let budget = max_positions / index.docs.len().div_ceil(CHUNK).max(1);
            let mut recording = record;
            let (results, long_hits, positions) = &mut out;
            let earlier = narrowing
                .and_then(|n| n.positions)
                .and_then(|p| Some((p.len, p.chunks.get(c)?)));
            for (i, span) in docs.iter().enumerate() {
                let n = c * CHUNK + i;
                let mut short: Option<(i64, FieldRef)> = None;
                if search_short {
                    let (ids, refs) = index.short(span);
                    let part = span.part as usize;
                    let (matched, short_scores) = (&matched[part], &short_scores[part]);
                    for (&id, &r) in ids.iter().zip(refs) {
                        let id = id as usize;
                        if matched[id / 64] & (1 << (id % 64)) == 0 {
                            continue;
                        }
                        let Some(s) = short_scores[id] else { continue };
                        if !r.kind.in_scope(term.scope) || (s.close && r.kind != FieldKind::Name) {
                            continue;
                        }
                        let weighted = s.value * r.kind.weight();
                        // The last of equal scores, as `max_by_key` chose.
                        if short.is_none_or(|(best, _)| weighted >= best) {
                            short = Some((weighted, r));
                        }
                    }
                }
                // The long text is read unless a shorter form of the term ruled it out, or the
                // short fields already score more than it could (for a negated term, any match
                // is enough). Unread text is not ruled out for a longer form of the term.
                let mut long = None;
                let mut long_hit = false;
                let mut range = None;
                if search_long && narrowing.is_none_or(|n| n.long_hits[c * CHUNK + i]) {
                    let doc = index.doc(span);
                    let floor = short.map(|(s, _)| s);
                    let beaten = floor.is_some_and(|f| {
                        term.negate
                            || long::cap_from(&doc, 0, term.scope, top).is_none_or(|cap| f >= cap)
                    });
                    long_hit = beaten;
                    if !beaten {
                        let among = earlier.and_then(|(len, e)| {
                            let (a, b) = e.ranges.get(i).copied().flatten()?;
                            Some(Among {
                                len,
                                hits: e.hits.get(a as usize..b as usize)?,
                            })
                        });
                        recording &= positions.hits.len() <= budget;
                        let start = positions.hits.len() as u32;
                        long = best_long_field(
                            &doc,
                            &corpus.briefings[n].briefing,
                            term.scope,
                            *kind,
                            &long_pattern,
                            case_sensitive.as_ref(),
                            &mut None,
                            term.negate,
                            floor,
                            Narrowed {
                                among,
                                record: recording.then_some(&mut positions.hits),
                            },
                        );
                        long_hit = long.is_some();
                        range = recording.then_some((start, positions.hits.len() as u32));
                    }
                }
                positions.ranges.push(range);
                let best = match (short, long) {
                    (Some(a), Some(l)) => Some(if l.0 > a.0 { l } else { a }),
                    (a, l) => a.or(l),
                };
                results.push(best.map(|(s, f)| (i32::try_from(s).unwrap_or(i32::MAX), f)));
                long_hits.push(long_hit);
            }
            Some(out)
        })
        .collect();
    let mut results = Vec::with_capacity(index.docs.len());
    let mut long_hits = Vec::with_capacity(index.docs.len());
    let mut positions = Positions {
        len: long_pattern.marked_len(),
        chunks: Vec::new(),
    };
    for chunk in chunks {
        let (r, l, p) = chunk?;
        results.extend(r);
        long_hits.extend(l);
        positions.chunks.push(p);
    }
    let kept: usize = positions.chunks.iter().map(|c| c.hits.len()).sum();
    Some(TermPass {
        results: Arc::new(results),
        long_hits,
        positions: (record && kept > 0).then_some(positions),
    })
}
