//! Matching one briefing's fields outside the pass: highlight positions for what is on screen,
//! the fields a result matched by, and the pane and index filters. All through [`super::rule`].

use crate::model::Briefing;

use super::fields::{FieldKind, FieldRef, fields};
use super::fold::{self, fold_keep_case, fold_lower};
use super::query::{Query, Term, TermKind};
use super::rule::{self, Pattern};

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
