//! A reload of a few files updates the search index for those files alone
//! (`SearchIndex::patch`): every search over the patched index gives exactly what a search over
//! an index built afresh gives (same briefings, scores, reasons and order), after any sequence
//! of edits, additions and removals; and so does the patched index put in one piece
//! (`SearchIndex::in_one_piece`).

mod common;

use std::sync::{Arc, OnceLock};

use brief::model::{Corpus, Entry};
use brief::search::{SearchCache, SearchIndex, parse, search, search_all};
use proptest::prelude::*;

/// Briefings to draw from: the bundled corpus and the fixtures, in all their variety.
fn pool() -> &'static [Entry] {
    static POOL: OnceLock<Vec<Entry>> = OnceLock::new();
    POOL.get_or_init(|| {
        ["briefings", "tests/fixtures/good", "tests/fixtures/lookups"]
            .into_iter()
            .flat_map(|rel| {
                common::corpus(rel)
                    .briefings
                    .iter()
                    .map(|e| (**e).clone())
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Edit {
    /// A new briefing, a copy of this one of the pool.
    Add(usize),
    /// The briefing at this place (modulo the corpus' length) gone.
    Remove(usize),
    /// The briefing at this place edited into a copy of this one of the pool.
    Replace(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Add),
        any::<usize>().prop_map(Edit::Remove),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Replace(a, b)),
    ]
}

/// A new entry with the pool's briefing `n` (a new `Arc`, as a reload of its file makes).
fn fresh(n: usize, serial: &mut usize) -> Arc<Entry> {
    let pool = pool();
    let mut entry = pool[n % pool.len()].clone();
    *serial += 1;
    entry.id = format!("{}-{serial}", entry.id);
    entry.file = format!("{serial}.yaml");
    Arc::new(entry)
}

/// Newest first, as a load sorts.
fn sorted(mut briefings: Vec<Arc<Entry>>) -> Corpus {
    briefings.sort_by(|a, b| {
        b.briefing
            .date
            .cmp(&a.briefing.date)
            .then_with(|| a.id.cmp(&b.id))
    });
    Corpus {
        briefings,
        ..Corpus::default()
    }
}

/// Queries of every kind: words, prefixes, single letters, scopes, exact, anchored,
/// negated, dates, smart case, several groups.
const QUERIES: &[&str] = &[
    "a",
    "e",
    "sum",
    "minister",
    "talks",
    "who:lav",
    "country:nor",
    "org:un",
    "topic:trade",
    "tag:secur",
    "kind:agreement",
    "'joint",
    "^the",
    "-meeting",
    "!talks",
    "2024",
    "Oslo",
    "foreign min",
    "talks | summit",
    "lavorv",
];

/// Every query of `QUERIES` and a few words of the pool's titles give the same over both
/// indexes, searched at once and typed a letter at a time with a cache between keystrokes.
fn assert_same_searches(patched: &SearchIndex, corpus: &Corpus, words: &[String]) {
    let built = SearchIndex::build(corpus);
    let queries = QUERIES
        .iter()
        .map(|q| q.to_string())
        .chain(words.iter().cloned());
    for text in queries {
        let Ok(query) = parse(&text) else { continue };
        assert_eq!(
            search_all(patched, corpus, &query),
            search_all(&built, corpus, &query),
            "query {text:?}"
        );
        let current = brief::search::Generation::new(0);
        let mut cache = SearchCache::with_max_positions(8);
        let mut last = None;
        for end in (1..=text.len()).filter(|&e| text.is_char_boundary(e)) {
            let Ok(q) = parse(&text[..end]) else { continue };
            last = search(patched, corpus, &q, &current, 0, &mut cache);
        }
        if let Some(typed) = last {
            assert_eq!(typed, search_all(&built, corpus, &query), "typed {text:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn a_patched_index_searches_as_one_built_afresh(
        start in prop::collection::vec(any::<usize>(), 0..40),
        batches in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..12),
        word in any::<usize>(),
    ) {
        let mut serial = 0;
        let mut corpus = sorted(start.iter().map(|&n| fresh(n, &mut serial)).collect());
        let mut index = SearchIndex::build(&corpus);
        let title = &pool()[word % pool().len()].briefing.title;
        let words: Vec<String> = title
            .split_whitespace()
            .take(2)
            .flat_map(|w| [w.to_string(), w.chars().take(3).collect()])
            .collect();
        for batch in batches {
            let mut briefings = corpus.briefings.clone();
            for e in batch {
                match e {
                    Edit::Add(n) => briefings.push(fresh(n, &mut serial)),
                    Edit::Remove(at) if !briefings.is_empty() => {
                        briefings.remove(at % briefings.len());
                    }
                    Edit::Replace(at, n) if !briefings.is_empty() => {
                        let at = at % briefings.len();
                        briefings[at] = fresh(n, &mut serial);
                    }
                    _ => {}
                }
            }
            let next = sorted(briefings);
            index = index.patch(&corpus, &next);
            corpus = next;
            prop_assert!(index.parts() <= 16, "{} parts", index.parts());
            assert_same_searches(&index, &corpus, &words);
            // Put in one piece, as a first load's parts are: the same searches, and nothing
            // kept of the briefings gone.
            let one = index.in_one_piece();
            prop_assert!(one.parts() <= 1);
            prop_assert!(one.heap_bytes() <= SearchIndex::build(&corpus).heap_bytes());
            assert_same_searches(&one, &corpus, &words);
        }
    }
}

/// A patch reads only what changed: the parts of the index already built are shared with the
/// index patched, not copied, and only a new part is added for the changed briefing.
#[test]
fn a_patch_shares_the_parts_it_keeps_and_adds_one_for_what_changed() {
    let mut serial = 0;
    let corpus = sorted((0..200).map(|n| fresh(n, &mut serial)).collect());
    let index = SearchIndex::build(&corpus);
    let mut briefings = corpus.briefings.clone();
    briefings[7] = fresh(3, &mut serial);
    let next = sorted(briefings);
    let patched = index.patch(&corpus, &next);
    assert_eq!(patched.parts(), 2);
    // Far less than a second copy: the briefings' text is held once.
    assert!(
        patched.heap_bytes() < index.heap_bytes() + index.heap_bytes() / 10,
        "{} against {}",
        patched.heap_bytes(),
        index.heap_bytes()
    );
    assert_same_searches(&patched, &next, &[]);
    // Nothing changed: nothing added.
    assert_eq!(patched.patch(&next, &next).parts(), 2);
    // Most of it changed: built afresh, in one part.
    let all_new = sorted((0..200).map(|n| fresh(n, &mut serial)).collect());
    assert_eq!(patched.patch(&next, &all_new).parts(), 1);
}
