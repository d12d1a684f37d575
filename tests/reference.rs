//! The search pass against a plain reference: field-by-field evaluation of the matching rule
//! with no index, no cache and no fast path. A property test draws queries from the corpus's own
//! text (letters left out, joined prefixes, initials, case changes, diacritics, scopes, `!`, `'`,
//! `^`, `$`, `|`, dates) over random corpora, and the real pass must return the same briefings,
//! with the same scores, in the same order.

mod common;

use std::sync::{Arc, OnceLock};

use brief::model::{Briefing, Corpus, Entry};
use brief::search::rule::{self, Pattern};
use brief::search::{
    FieldRef, Generation, Query, SearchCache, SearchIndex, TermKind, fields, fold_keep_case,
    fold_lower, parse, search, search_all,
};
use proptest::prelude::*;

/// How a briefing scores for a query, plainly: for every group, the best of its terms; for a
/// term, the best weighted score of the fields in its scope; negated terms exclude.
fn reference_score(query: &Query, b: &Briefing) -> Option<i64> {
    let all: Vec<(FieldRef, &str)> = fields(b);
    let mut total = 0;
    for group in &query.groups {
        let mut best: Option<i64> = None;
        for term in group {
            let hit = match &term.kind {
                TermKind::Date(range) => {
                    let end = b.end_date.unwrap_or(b.date);
                    (range.overlaps(b.date.0, end.0) != term.negate).then_some(0)
                }
                TermKind::Text {
                    kind,
                    folded,
                    case_sensitive,
                } => {
                    let found = all
                        .iter()
                        .filter(|(r, _)| r.kind.in_scope(term.scope))
                        .filter_map(|(r, text)| {
                            let s = match case_sensitive {
                                Some(p) => rule::score(
                                    &fold_keep_case(text),
                                    r.kind,
                                    *kind,
                                    &Pattern::new(p),
                                ),
                                None => rule::score(
                                    &fold_lower(text),
                                    r.kind,
                                    *kind,
                                    &Pattern::new(folded),
                                ),
                            }?;
                            Some(s.value * r.kind.weight())
                        })
                        .max();
                    match (found, term.negate) {
                        (Some(_), true) => None,
                        (None, true) => Some(0),
                        (found, false) => found,
                    }
                }
            };
            if let Some(h) = hit
                && best.is_none_or(|b| h > b)
            {
                best = Some(h);
            }
        }
        total += best?;
    }
    Some(total)
}

/// (briefing, score), best first and newer first on ties, as the pass orders them.
fn reference(query: &Query, corpus: &Corpus) -> Vec<(usize, i64)> {
    let mut hits: Vec<(usize, i64)> = corpus
        .briefings
        .iter()
        .enumerate()
        .filter_map(|(i, e)| reference_score(query, &e.briefing).map(|s| (i, s)))
        .collect();
    hits.sort_by_key(|&(i, s)| (std::cmp::Reverse(s), i));
    hits
}

fn pool() -> &'static [Arc<Entry>] {
    static POOL: OnceLock<Vec<Arc<Entry>>> = OnceLock::new();
    POOL.get_or_init(|| {
        ["briefings", "tests/fixtures/good", "tests/fixtures/lookups"]
            .into_iter()
            .flat_map(|rel| common::corpus(rel).briefings.clone())
            .collect()
    })
}

/// Words of every field of the pool, to draw queries from.
fn words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut out: Vec<String> = pool()
            .iter()
            .flat_map(|e| {
                fields(&e.briefing)
                    .into_iter()
                    .flat_map(|(_, t)| t.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.chars().all(|c| c.is_alphanumeric() || "-'.–".contains(c)))
            .collect();
        out.sort();
        out.dedup();
        out
    })
}

/// One query word made from a word of the corpus, as people type them.
fn word() -> impl Strategy<Value = String> {
    let n = words().len();
    (0..n, 0..n, 0u8..12, 0usize..8, 0u8..4).prop_map(|(a, b, form, cut, prefix)| {
        let w = &words()[a];
        let other = &words()[b];
        let chars: Vec<char> = w.chars().collect();
        let lower = w.to_lowercase();
        let mut text = match form {
            // Letters left out.
            0 | 1 => chars
                .iter()
                .enumerate()
                .filter(|(i, _)| chars.len() < 4 || (i + cut) % 5 != 2)
                .map(|(_, c)| *c)
                .collect::<String>()
                .to_lowercase(),
            // Joined prefixes of two words, or initials.
            2 => {
                let p: String = lower.chars().take(1 + cut % 4).collect();
                let q: String = other.to_lowercase().chars().take(1 + cut % 3).collect();
                p + &q
            }
            3 => lower
                .chars()
                .take(1)
                .chain(other.to_lowercase().chars().take(1))
                .collect(),
            // Case kept (smart case) or changed.
            4 => w.clone(),
            5 => w.to_uppercase(),
            // Diacritics folded away, as typed on a plain keyboard.
            6 => fold_lower(w),
            // A typo: two letters swapped.
            7 if chars.len() > 5 => {
                let mut c = chars.clone();
                let i = 1 + cut % (c.len() - 2);
                c.swap(i, i + 1);
                c.into_iter().collect::<String>().to_lowercase()
            }
            _ => lower.chars().take(1 + cut).collect(),
        };
        text = text.replace(['|', ':', '!', '\'', '^', '$'], "");
        if text.is_empty() {
            text = "a".into();
        }
        let scope = [
            "", "who:", "org:", "country:", "where:", "topic:", "outcome:", "kind:", "tag:",
            "source:", "title:",
        ];
        let op = match prefix {
            0 => "",
            1 => "!",
            2 => "'",
            _ => "^",
        };
        let scope = scope[cut % scope.len()];
        let suffix = if form == 11 { "$" } else { "" };
        format!("{scope}{op}{text}{suffix}")
    })
}

fn date_word() -> impl Strategy<Value = String> {
    prop_oneof![
        (2019u32..2026).prop_map(|y| format!("date:{y}")),
        (2019u32..2026, 1u32..13).prop_map(|(y, m)| format!("date:{y}-{m:02}")),
        (2019u32..2026).prop_map(|y| format!("date:>={y}-06-01")),
        (2019u32..2026, 2019u32..2026).prop_map(|(a, b)| format!(
            "date:{}..{}",
            a.min(b),
            a.max(b)
        )),
    ]
}

fn query_text() -> impl Strategy<Value = String> {
    let part = prop_oneof![6 => word(), 1 => date_word()];
    (
        prop::collection::vec(part, 1..4),
        prop::collection::vec(any::<bool>(), 3),
    )
        .prop_map(|(parts, bars)| {
            let mut out = String::new();
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    out.push_str(if bars[i - 1] { " | " } else { " " });
                }
                out.push_str(p);
            }
            out
        })
}

fn corpus_of(picks: &[usize]) -> Arc<Corpus> {
    let mut briefings: Vec<Arc<Entry>> = Vec::new();
    for &p in picks {
        let e = &pool()[p % pool().len()];
        if !briefings.iter().any(|b| b.id == e.id) {
            briefings.push(e.clone());
        }
    }
    Arc::new(Corpus {
        briefings,
        ..Corpus::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_pass_agrees_with_the_reference(
        picks in prop::collection::vec(0usize..64, 1..24),
        q in query_text(),
    ) {
        let corpus = corpus_of(&picks);
        let Ok(query) = parse(&q) else { return Ok(()) };
        let index = SearchIndex::build(&corpus);
        let fast: Vec<(usize, i64)> = search_all(&index, &corpus, &query)
            .into_iter()
            .map(|h| (h.doc, h.score))
            .collect();
        prop_assert_eq!(fast, reference(&query, &corpus), "query {:?}", q);
    }

    /// As the browser runs it: one cache across keystrokes, so that a term's pass may read only
    /// what a shorter form of it matched. Typing a query letter by letter, then again negated,
    /// then with a `$` typed first and the letters inserted before it, then once more as it
    /// was, every step must give what a pass with no cache gives.
    #[test]
    fn typing_with_the_cache_agrees_with_a_fresh_pass(
        picks in prop::collection::vec(0usize..64, 1..24),
        q in query_text(),
    ) {
        let corpus = corpus_of(&picks);
        let index = SearchIndex::build(&corpus);
        // With positions kept as usual, and with so few kept that most are read again.
        let mut cache = SearchCache::default();
        let mut lean = SearchCache::with_max_positions(3);
        let prefixes = |text: &str| -> Vec<String> {
            (1..=text.len()).filter_map(|end| text.get(..end)).map(String::from).collect()
        };
        let typed = prefixes(&q)
            .into_iter()
            .chain(prefixes(&format!("!{q}")))
            .chain(prefixes(&q).into_iter().map(|p| format!("{p}$")))
            .chain([q.clone()]);
        for text in typed {
            let Ok(query) = parse(&text) else { continue };
            let fresh = Some(search_all(&index, &corpus, &query));
            let cached = search(&index, &corpus, &query, &Generation::new(0), 0, &mut cache);
            prop_assert_eq!(&cached, &fresh, "typed {:?}", text);
            let cached = search(&index, &corpus, &query, &Generation::new(0), 0, &mut lean);
            prop_assert_eq!(&cached, &fresh, "typed {:?} (few positions kept)", text);
        }
    }
}

/// A corpus larger than the batches an index is built in (its text is prepared on every core a
/// thousand briefings at a time): the pool over and over, each copy with an id of its own.
fn large_corpus() -> &'static Corpus {
    static LARGE: OnceLock<Corpus> = OnceLock::new();
    LARGE.get_or_init(|| Corpus {
        briefings: (0..2_600)
            .map(|n| {
                let e = &pool()[n % pool().len()];
                Arc::new(Entry {
                    id: format!("{}-{n}", e.id),
                    ..(**e).clone()
                })
            })
            .collect(),
        ..Corpus::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// An index built in several batches finds what the reference finds.
    #[test]
    fn an_index_built_in_batches_agrees_with_the_reference(q in query_text()) {
        let corpus = large_corpus();
        let Ok(query) = parse(&q) else { return Ok(()) };
        let index = SearchIndex::build(corpus);
        let fast: Vec<(usize, i64)> = search_all(&index, corpus, &query)
            .into_iter()
            .map(|h| (h.doc, h.score))
            .collect();
        prop_assert_eq!(fast, reference(&query, corpus), "query {:?}", q);
    }
}

/// Queries from the issue that must find what they name, in the pass and in the reference.
#[test]
fn names_heard_or_half_remembered_are_found() {
    let corpus = common::corpus("briefings");
    let index = SearchIndex::build(&corpus);
    for q in [
        "jb",
        "jbay",
        "bayrmov",
        "bourta",
        "jyhun",
        "nasbour",
        "who:bayramv",
        "bourtia",
        "bairamov",
    ] {
        let query = parse(q).unwrap();
        let hits = search_all(&index, &corpus, &query);
        assert!(!hits.is_empty(), "{q} finds nothing");
        let fast: Vec<(usize, i64)> = hits.iter().map(|h| (h.doc, h.score)).collect();
        assert_eq!(fast, reference(&query, &corpus), "{q}");
    }
}
