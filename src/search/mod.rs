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

use long::{LongPattern, best_long_field};

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
    let scope_bits = ALL_KINDS
        .iter()
        .filter(|k| !k.is_long() && k.in_scope(term.scope))
        .fold(0u32, |bits, &k| bits | index::kind_bit(k));
    let short_scores: Vec<Option<rule::Score>> = if !search_short {
        Vec::new()
    } else {
        strings
            .par_iter()
            .zip(&index.string_kinds)
            .map(|(s, &kinds)| {
                // Under the rule for names (with its typo tier) only where it is a name.
                let as_kind = if kinds & index::kind_bit(FieldKind::Name) != 0 {
                    FieldKind::Name
                } else {
                    FieldKind::Tag
                };
                (kinds & scope_bits != 0)
                    .then(|| rule::score(s, as_kind, *kind, pattern))
                    .flatten()
            })
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
