//! Search: the query language, an index prepared once at load time, ranking, and the match
//! positions that the UI highlights. Pure functions over read-only data.

mod fields;
mod fold;
mod matcher;
mod query;

use std::sync::atomic::{AtomicU64, Ordering};

use memchr::memmem;
use rayon::prelude::*;

use crate::model::{Briefing, Corpus};

pub use fields::{FieldKind, FieldRef, field_text, fields};
pub use fold::{fold_keep_case, fold_lower};
pub use query::{DateRange, MatchKind, Query, QueryError, SCOPES, Scope, Term, TermKind, parse};

/// One briefing's searchable fields. Long free text is kept per briefing, folded and
/// lower-cased in one string; short fields are ids into the index's table of distinct strings,
/// since names, countries, organizations and kinds repeat across briefings.
#[derive(Debug, Clone)]
struct Doc {
    long_text: String,
    /// (field, its position in [`fields`], byte range in `long_text`).
    long: Vec<(FieldRef, u16, u32, u32)>,
    /// (field, id in the table of short strings).
    short: Vec<(FieldRef, u32)>,
}

/// Prepared at load time so that a keystroke costs only matching.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    docs: Vec<Doc>,
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
            let mut doc = Doc {
                long_text: String::new(),
                long: Vec::new(),
                short: Vec::new(),
            };
            for (n, (r, t)) in fields(&e.briefing).into_iter().enumerate() {
                if r.kind.is_long() {
                    let start = doc.long_text.len() as u32;
                    doc.long_text.push_str(&fold_lower(t));
                    doc.long
                        .push((r, n as u16, start, doc.long_text.len() as u32));
                    // A separator no pattern contains, so that no match spans two fields.
                    doc.long_text.push('\n');
                } else {
                    let id = *ids.entry(t).or_insert_with(|| {
                        index.strings.push(fold_lower(t).into());
                        index.strings_case.push(fold_keep_case(t).into());
                        index.strings.len() as u32 - 1
                    });
                    doc.short.push((r, id));
                }
            }
            doc.long_text.shrink_to_fit();
            doc.long.shrink_to_fit();
            doc.short.shrink_to_fit();
            index.docs.push(doc);
        }
        index
    }

    /// Bytes held by the index, for comparing with the size of the YAML it came from.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let docs: usize = self
            .docs
            .iter()
            .map(|d| {
                d.long_text.capacity()
                    + d.long.capacity() * size_of::<(FieldRef, u16, u32, u32)>()
                    + d.short.capacity() * size_of::<(FieldRef, u32)>()
            })
            .sum();
        let strings: usize = self
            .strings
            .iter()
            .chain(&self.strings_case)
            .map(|s| s.len() + size_of::<Box<str>>())
            .sum();
        docs + strings + self.docs.capacity() * size_of::<Doc>()
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
}

/// Generation counter for abandoning a pass when a newer query arrives.
pub type Generation = AtomicU64;

/// A text term with its scores over the table of distinct short strings, computed once per
/// pass instead of once per occurrence.
struct PreparedTerm<'q> {
    term: &'q Term,
    short_scores: Vec<Option<i32>>,
}

/// All briefings matching `query`, best first (newer first on ties). Returns `None` when
/// `current` moves past `generation` meanwhile: a newer keystroke made this pass moot.
pub fn search(
    index: &SearchIndex,
    corpus: &Corpus,
    query: &Query,
    current: &Generation,
    generation: u64,
) -> Option<Vec<Hit>> {
    const CHUNK: usize = 1024;
    let stale = || current.load(Ordering::Relaxed) != generation;
    let prepared: Vec<Vec<PreparedTerm>> = query
        .groups
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|term| PreparedTerm {
                    term,
                    short_scores: short_scores(index, term),
                })
                .collect()
        })
        .collect();
    if stale() {
        return None;
    }
    let chunks: Vec<Option<Vec<Hit>>> = index
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
                    .filter_map(|(i, doc)| {
                        let n = c * CHUNK + i;
                        let b = &corpus.briefings.get(n)?.briefing;
                        match_doc(doc, b, &prepared).map(|(score, best)| Hit {
                            doc: n,
                            score,
                            best,
                        })
                    })
                    .collect(),
            )
        })
        .collect();
    let mut hits: Vec<Hit> = Vec::new();
    for c in chunks {
        hits.extend(c?);
    }
    // The corpus is newest first, so a stable sort by score keeps newer first on ties.
    hits.par_sort_by(|a, b| b.score.cmp(&a.score));
    Some(hits)
}

/// Scores of a text term against every distinct short string (empty for date terms).
fn short_scores(index: &SearchIndex, term: &Term) -> Vec<Option<i32>> {
    let TermKind::Text {
        kind,
        folded,
        case_sensitive,
    } = &term.kind
    else {
        return Vec::new();
    };
    let (strings, pattern) = match case_sensitive {
        Some(p) => (&index.strings_case, p.as_str()),
        None => (&index.strings, folded.as_str()),
    };
    strings
        .par_iter()
        .map(|s| score_field(s, FieldKind::Title, *kind, pattern).map(|v| v as i32))
        .collect()
}

/// Runs a search that nothing can interrupt (the CLI, tests).
pub fn search_all(index: &SearchIndex, corpus: &Corpus, query: &Query) -> Vec<Hit> {
    search(index, corpus, query, &Generation::new(0), 0).unwrap_or_default()
}

/// Score and best field of a briefing for the query, or `None` when it does not match.
fn match_doc(
    doc: &Doc,
    b: &Briefing,
    query: &[Vec<PreparedTerm>],
) -> Option<(i64, Option<FieldRef>)> {
    let mut total = 0;
    let mut best: Option<(i64, FieldRef)> = None;
    let mut originals: Option<Vec<(FieldRef, &str)>> = None;
    for group in query {
        let mut group_hit: Option<(i64, Option<FieldRef>)> = None;
        for p in group {
            let term = p.term;
            let hit = match &term.kind {
                TermKind::Date(range) => {
                    let end = b.end_date.unwrap_or(b.date);
                    (range.overlaps(b.date.0, end.0) != term.negate).then_some((0, None))
                }
                TermKind::Text {
                    kind,
                    folded,
                    case_sensitive,
                } => {
                    let short = doc
                        .short
                        .iter()
                        .filter(|(r, _)| r.kind.in_scope(term.scope))
                        .filter_map(|&(r, id)| {
                            p.short_scores
                                .get(id as usize)
                                .copied()
                                .flatten()
                                .map(|s| (i64::from(s) * r.kind.weight(), r))
                        })
                        .max_by_key(|(s, _)| *s);
                    let long = best_long_field(
                        doc,
                        b,
                        term.scope,
                        *kind,
                        folded,
                        case_sensitive.as_deref(),
                        &mut originals,
                    );
                    let found = match (short, long) {
                        (Some(a), Some(l)) => Some(if l.0 > a.0 { l } else { a }),
                        (a, l) => a.or(l),
                    };
                    match (found, term.negate) {
                        (Some(_), true) => None,
                        (None, true) => Some((0, None)),
                        (Some((s, r)), false) => Some((s, Some(r))),
                        (None, false) => None,
                    }
                }
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
    Some((total, best.map(|(_, f)| f)))
}

/// The best-scoring long field in scope that the pattern matches, weighted by its kind.
fn best_long_field<'b>(
    doc: &Doc,
    b: &'b Briefing,
    scope: Scope,
    kind: MatchKind,
    folded: &str,
    case_sensitive: Option<&str>,
    originals: &mut Option<Vec<(FieldRef, &'b str)>>,
) -> Option<(i64, FieldRef)> {
    // Every form needs the pattern's text somewhere: one scan rejects most briefings.
    if doc.long.is_empty() || memmem::find(doc.long_text.as_bytes(), folded.as_bytes()).is_none() {
        return None;
    }
    let mut best: Option<(i64, FieldRef)> = None;
    for &(r, n, start, end) in &doc.long {
        if !r.kind.in_scope(scope) {
            continue;
        }
        let text = &doc.long_text[start as usize..end as usize];
        let Some(mut score) = score_field(text, r.kind, kind, folded) else {
            continue;
        };
        if let Some(pattern) = case_sensitive {
            let originals = originals.get_or_insert_with(|| fields(b));
            let original = originals.get(usize::from(n)).map_or("", |(_, t)| *t);
            match score_field(&fold_keep_case(original), r.kind, kind, pattern) {
                Some(s) => score = s,
                None => continue,
            }
        }
        let weighted = score * r.kind.weight();
        if best.is_none_or(|(s, _)| weighted > s) {
            best = Some((weighted, r));
        }
    }
    best
}

/// How well `pattern` matches one field's folded text, or `None`.
fn score_field(text: &str, field: FieldKind, kind: MatchKind, pattern: &str) -> Option<i64> {
    let len = pattern.chars().count() as i64;
    match kind {
        // One or two letters scattered anywhere mean nothing: they must start a word.
        MatchKind::Fuzzy if field.is_long() || len <= 2 => {
            let at = word_prefix(text, pattern)?;
            let whole = text[at + pattern.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            Some(len * 14 + if whole { 12 } else { 0 })
        }
        MatchKind::Fuzzy => {
            if !matcher::is_subsequence(text.as_bytes(), pattern.as_bytes()) {
                return None;
            }
            let (score, positions) = matcher::fuzzy_positions(text, pattern)?;
            compact(text, &positions).then_some(score)
        }
        MatchKind::Exact => {
            let at = text.find(pattern)?;
            let boundary = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            Some(len * 16 + if boundary { 16 } else { 0 })
        }
        MatchKind::Prefix => text.starts_with(pattern).then_some(len * 16 + 16),
        MatchKind::Suffix => text.ends_with(pattern).then_some(len * 16 + 8),
        MatchKind::Equal => (text == pattern).then_some(len * 16 + 32),
    }
}

/// Whether a fuzzy match reads as meant rather than as letters scattered over unrelated words:
/// every run of matched letters that starts inside a word (not at its start) costs one, and a
/// match may afford one such run per four letters of the pattern. `jb` finds "Jeyhun Bayramov"
/// and `bayrmov` finds "Bayramov", but `jorg` does not find "aJerbaijani fOReiGn".
fn compact(text: &str, positions: &[usize]) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut mid_word_runs = 0;
    let mut prev: Option<usize> = None;
    for &p in positions {
        let continues = prev.is_some_and(|q| q + 1 == p);
        let word_start = p == 0 || chars.get(p - 1).is_none_or(|c| !c.is_alphanumeric());
        if !continues && !word_start {
            mid_word_runs += 1;
        }
        prev = Some(p);
    }
    mid_word_runs <= positions.len() / 4
}

/// Byte offset of the first word of `text` that starts with `pattern`.
fn word_prefix(text: &str, pattern: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memmem::find_iter(bytes, pattern.as_bytes()).find(|&at| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Character positions in `text` (original, unfolded) that the query's positive terms match,
/// for highlighting; computed only for what is on screen.
pub fn highlight(query: &Query, field: FieldKind, text: &str) -> Vec<usize> {
    let lower = fold_lower(text);
    let mut keep_case: Option<String> = None;
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
        let (haystack, pattern) = match case_sensitive {
            Some(p) => (
                keep_case
                    .get_or_insert_with(|| fold_keep_case(text))
                    .as_str(),
                p.as_str(),
            ),
            None => (lower.as_str(), folded.as_str()),
        };
        positions.extend(term_positions(haystack, field, *kind, pattern));
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}

fn term_positions(text: &str, field: FieldKind, kind: MatchKind, pattern: &str) -> Vec<usize> {
    let char_range = |byte: usize| {
        let start = text[..byte].chars().count();
        (start..start + pattern.chars().count()).collect::<Vec<_>>()
    };
    match kind {
        MatchKind::Fuzzy if field.is_long() || pattern.chars().count() <= 2 => {
            word_prefix(text, pattern)
                .map(char_range)
                .unwrap_or_default()
        }
        MatchKind::Fuzzy => matcher::fuzzy_positions(text, pattern)
            .map(|(_, p)| p)
            .filter(|p| compact(text, p))
            .unwrap_or_default(),
        MatchKind::Exact => text.find(pattern).map(char_range).unwrap_or_default(),
        MatchKind::Prefix | MatchKind::Equal if text.starts_with(pattern) => char_range(0),
        MatchKind::Suffix if text.ends_with(pattern) => char_range(text.len() - pattern.len()),
        _ => Vec::new(),
    }
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
/// has a term that matches one of them. `date:` terms are judged on the briefing's dates.
pub fn fields_satisfy(query: &Query, b: &Briefing, item_fields: &[(FieldRef, &str)]) -> bool {
    let folded: Vec<(FieldKind, String)> = item_fields
        .iter()
        .map(|(r, t)| (r.kind, fold_lower(t)))
        .collect();
    query.groups.iter().all(|group| {
        group.iter().any(|term| match &term.kind {
            TermKind::Date(range) => {
                let end = b.end_date.unwrap_or(b.date);
                range.overlaps(b.date.0, end.0) != term.negate
            }
            TermKind::Text {
                kind,
                folded: pattern,
                case_sensitive,
            } => {
                let hit = item_fields
                    .iter()
                    .zip(&folded)
                    .any(|((r, original), (k, text))| {
                        r.kind.in_scope(term.scope)
                            && match case_sensitive {
                                Some(p) => {
                                    score_field(&fold_keep_case(original), *k, *kind, p).is_some()
                                }
                                None => score_field(text, *k, *kind, pattern).is_some(),
                            }
                    });
                hit != term.negate
            }
        })
    })
}
