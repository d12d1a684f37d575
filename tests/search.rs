//! The query language, fzf-compatible matching, diacritics, ranking and a property test.

use brief::model::{Corpus, Origin};
use brief::search::{
    DateRange, MatchKind, Query, SCOPES, Scope, SearchIndex, TermKind, fields, parse, search_all,
};
use chrono::NaiveDate;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn only_term(q: &str) -> brief::search::Term {
    let query = parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    assert_eq!(query.groups.len(), 1, "{q}");
    assert_eq!(query.groups[0].len(), 1, "{q}");
    query.groups[0][0].clone()
}

fn text_kind(q: &str) -> (bool, MatchKind, String) {
    let t = only_term(q);
    match t.kind {
        TermKind::Text { kind, folded, .. } => (t.negate, kind, folded),
        TermKind::Date(_) => panic!("{q} parsed as a date"),
    }
}

#[test]
fn extended_forms_parse_as_in_fzf() {
    // (query, negated, kind, pattern): fzf's extended-search table.
    let table = [
        ("sbtrkt", false, MatchKind::Fuzzy, "sbtrkt"),
        ("'wild", false, MatchKind::Exact, "wild"),
        ("^music", false, MatchKind::Prefix, "music"),
        (".mp3$", false, MatchKind::Suffix, ".mp3"),
        ("^exact$", false, MatchKind::Equal, "exact"),
        ("!fire", true, MatchKind::Exact, "fire"),
        ("!^music", true, MatchKind::Prefix, "music"),
        ("!.mp3$", true, MatchKind::Suffix, ".mp3"),
        ("!'fire", true, MatchKind::Fuzzy, "fire"),
    ];
    for (q, negate, kind, pattern) in table {
        assert_eq!(text_kind(q), (negate, kind, pattern.to_string()), "{q}");
    }
}

#[test]
fn words_are_anded_and_bars_or_them() {
    let q = parse("^core go$ | rb$ | py$ energy").unwrap();
    let sizes: Vec<usize> = q.groups.iter().map(Vec::len).collect();
    assert_eq!(sizes, [1, 3, 1]);
    assert_eq!(parse("").unwrap(), Query::default());
    assert_eq!(parse("  |  ").unwrap(), Query::default());
    // Words still being typed say nothing yet.
    assert_eq!(parse("! ' ^").unwrap(), Query::default());
    // A field with nothing after it is a malformed query, pointed at where the word is missing.
    let e = parse("bourita who:").unwrap_err();
    assert_eq!(
        (e.column, e.message.as_str()),
        (13, "`who:` needs a word after it")
    );
    let e = parse("date:").unwrap_err();
    assert_eq!(e.column, 6);
    assert!(
        e.message.starts_with("`date:` needs a date after it"),
        "{e}"
    );
    let e = parse("x date:2022..2023-02-30").unwrap_err();
    assert_eq!(e.column, 14, "{e}");
}

#[test]
fn every_scope_parses() {
    for (name, scope) in SCOPES {
        let t = only_term(&format!("{name}:azer"));
        assert_eq!(t.scope, scope, "{name}");
        let t = only_term(&format!("!{name}:^azer"));
        assert!(t.negate);
        assert!(
            matches!(
                t.kind,
                TermKind::Text {
                    kind: MatchKind::Prefix,
                    ..
                }
            ),
            "{name}"
        );
    }
    assert!(only_term("who:!bourita").negate);
    assert_eq!(
        only_term("10:30").scope,
        Scope::Any,
        "a time is text, not a field"
    );
}

#[test]
fn dates_and_ranges() {
    let range = |q: &str| match only_term(q).kind {
        TermKind::Date(r) => r,
        other => panic!("{q}: {other:?}"),
    };
    assert_eq!(
        range("date:2023"),
        DateRange {
            from: d("2023-01-01"),
            to: d("2023-12-31")
        }
    );
    assert_eq!(
        range("date:2024-02"),
        DateRange {
            from: d("2024-02-01"),
            to: d("2024-02-29")
        }
    );
    assert_eq!(
        range("date:2023-11-14"),
        DateRange {
            from: d("2023-11-14"),
            to: d("2023-11-14")
        }
    );
    assert_eq!(
        range("date:2023-01..2023-06"),
        DateRange {
            from: d("2023-01-01"),
            to: d("2023-06-30")
        }
    );
    assert_eq!(range("date:>=2022-06-01").from, d("2022-06-01"));
    assert_eq!(range("date:>2022").from, d("2023-01-01"));
    assert_eq!(range("date:<2020").to, d("2019-12-31"));
    assert_eq!(range("date:<=2020-02").to, d("2020-02-29"));
    assert_eq!(range("date:2022..").from, d("2022-01-01"));
    assert_eq!(range("date:..2019").to, d("2019-12-31"));
}

#[test]
fn malformed_queries_say_what_is_wrong_and_where() {
    let cases = [
        ("date:2023-13", 6, "month 13 does not exist"),
        (
            "bourita date:2023-02-30",
            14,
            "day 30 does not exist in 2023-02",
        ),
        ("date:23", 6, "is not a date"),
        ("date:2024..2023", 6, "empty range"),
        ("date:..", 6, "needs a date"),
        (
            "energy wha:x",
            8,
            "unknown field `wha:`; did you mean `who:`?",
        ),
    ];
    for (q, column, message) in cases {
        let e = parse(q).expect_err(q);
        assert_eq!(e.column, column, "{q}: {e}");
        assert!(e.message.contains(message), "{q}: {}", e.message);
    }
}

static BUNDLED: std::sync::LazyLock<(Corpus, SearchIndex)> = std::sync::LazyLock::new(|| {
    let corpus = Corpus::load(&Origin::Paths(vec![
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings"),
    ]));
    let index = SearchIndex::build(&corpus);
    (corpus, index)
});

fn corpus() -> (&'static Corpus, &'static SearchIndex) {
    (&BUNDLED.0, &BUNDLED.1)
}

fn ids(corpus: &Corpus, index: &SearchIndex, q: &str) -> Vec<String> {
    let query = parse(q).unwrap();
    search_all(index, corpus, &query)
        .into_iter()
        .map(|h| corpus.briefings[h.doc].id.clone())
        .collect()
}

const SEED: &str = "2023-11-14-azerbaijan-morocco-joint-commission";

#[test]
fn semantics_on_the_bundled_corpus() {
    let (c, i) = corpus();
    let all = c.briefings.len();
    assert_eq!(
        ids(c, i, "").len(),
        all,
        "an empty query matches everything"
    );
    assert_eq!(ids(c, i, "who:bourita").len(), 2);
    assert_eq!(ids(c, i, "who:bourita date:2023"), [SEED]);
    // Exact vs fuzzy: `'bourita talks` needs the exact text.
    assert!(ids(c, i, "'bayramov–bourita").contains(&SEED.to_string()));
    // Negation removes: every briefing with Bourita but the seed.
    assert_eq!(
        ids(c, i, "who:bourita !azerbaijan"),
        ["2022-03-27-negev-summit-sde-boker"]
    );
    // OR.
    assert_eq!(ids(c, i, "who:bourita | who:bayramov").len(), 4);
    // Scopes keep to their fields: Morocco is the seed's country and a delegation, not an
    // organization.
    assert!(ids(c, i, "org:^morocco$").is_empty());
    assert!(ids(c, i, "who:^morocco$").contains(&SEED.to_string()));
    assert!(ids(c, i, "country:morocco").contains(&SEED.to_string()));
    assert_eq!(
        ids(c, i, "kind:agreement country:azerbaijan date:2023").len(),
        2
    );
    assert!(ids(c, i, "title:^bayramov").contains(&SEED.to_string()));
    assert!(ids(c, i, "source:trend").contains(&SEED.to_string()));
    assert!(ids(c, i, "topic:ports").contains(&SEED.to_string()));
    assert!(ids(c, i, "outcome:protocol").contains(&SEED.to_string()));
    assert!(ids(c, i, "tag:joint-commission").contains(&SEED.to_string()));
    assert!(ids(c, i, "where:^morocco$").contains(&SEED.to_string()));
    // Dates by span: a multi-day meeting matches any day it covers.
    let mercosur = "2024-12-05-mercosur-summit-montevideo-eu-agreement";
    assert!(ids(c, i, "date:2024-12-06").contains(&mercosur.to_string()));
    assert!(!ids(c, i, "date:<2024-12-05").contains(&mercosur.to_string()));
}

#[test]
fn diacritics_and_smart_case() {
    let (c, i) = corpus();
    let erdogan = ids(c, i, "erdogan");
    assert!(
        erdogan.contains(
            &"2023-12-07-greece-turkey-high-level-cooperation-council-athens".to_string()
        ),
        "{erdogan:?}"
    );
    assert_eq!(ids(c, i, "erdogan"), ids(c, i, "erdoğan"));
    assert!(
        ids(c, i, "ilham aliyev").len() >= 2,
        "İlham matched by ilham"
    );
    // A capital makes a word case-sensitive.
    assert!(!ids(c, i, "'Bourita").is_empty());
    assert!(ids(c, i, "'BOURITA").is_empty());
}

#[test]
fn fixtures_fold_diacritics() {
    let c = Corpus::load(&Origin::Paths(vec![
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good"),
    ]));
    let i = SearchIndex::build(&c);
    assert_eq!(ids(&c, &i, "jorg"), ["2024-03-06-trade-talks"]);
    assert_eq!(ids(&c, &i, "brasilia"), ["2024-03-06-trade-talks"]);
    assert_eq!(ids(&c, &i, "country:^NO$"), ["council-2021"]);
}

#[test]
fn ranking_puts_names_and_titles_before_deep_text() {
    let (c, i) = corpus();
    // The seed has Bourita in its title; the Negev summit only among the participants.
    assert_eq!(ids(c, i, "bourita")[0], SEED);
    // Contiguous beats scattered: "bayramov" is in three briefings' participants; the seed also
    // has it in the title and comes first.
    assert_eq!(ids(c, i, "bayramov")[0], SEED);
    // Newer first on ties: the same person with the same weight in both.
    let both = ids(c, i, "who:^jeyhun");
    let dates: Vec<&str> = both.iter().map(|id| &id[..10]).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "ties newest first");
}

#[test]
fn scattered_letters_in_long_text_are_not_a_match() {
    let (c, i) = corpus();
    // Every letter of "jorg" appears in order in many summaries, but no word starts with it.
    assert!(ids(c, i, "jorg").is_empty(), "{:?}", ids(c, i, "jorg"));
    assert!(ids(c, i, "zqx").is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any word taken from any field of a briefing finds that briefing.
    #[test]
    fn any_word_of_a_field_finds_its_briefing(doc in 0usize..15, field in 0usize..400, word in 0usize..50) {
        let (c, i) = corpus();
        let doc = doc % c.briefings.len();
        let all = fields(&c.briefings[doc].briefing);
        let (_, text) = all[field % all.len()];
        let words: Vec<&str> = text.split_whitespace().collect();
        let w = words[word % words.len()];
        // Quote the word so that characters of the query language (`'`, `^`, `!`, `$`, `|`,
        // `field:`) are taken as text.
        let trimmed = w.trim_start_matches(['!', '\'', '^']).trim_end_matches('$');
        prop_assume!(!trimmed.is_empty() && trimmed != "|");
        let q = format!("'{trimmed}");
        let query = parse(&q);
        prop_assume!(query.is_ok());
        let found: Vec<usize> = search_all(i, c, &query.unwrap()).into_iter().map(|h| h.doc).collect();
        prop_assert!(found.contains(&doc), "{q} did not find {}", c.briefings[doc].id);
    }
}

#[test]
fn letters_that_do_not_decompose_are_found_and_highlighted_in_place() {
    use brief::model::Corpus;
    use brief::search::{FieldKind, SearchIndex, highlight, search_all};
    let yaml = "title: Nordic talks\ndate: 2024-01-01\nparticipants:\n  - name: Guðlaugur Þór Þórðarson\n  - name: Jürgen Straße\n";
    let corpus = Corpus::from_sources([("n.yaml".to_string(), Ok(yaml.as_bytes().to_vec()))]);
    let index = SearchIndex::build(&corpus);
    for q in ["gudlaugur", "thordarson", "gthor", "strasse", "jurgen"] {
        let query = parse(q).unwrap();
        assert_eq!(search_all(&index, &corpus, &query).len(), 1, "{q}");
    }
    let name = "Guðlaugur Þór Þórðarson";
    let p = highlight(&parse("thordarson").unwrap(), FieldKind::Name, name);
    // Þ folds to two letters; both map back to it, and the highlight covers the word once.
    assert_eq!(p, (14..23).collect::<Vec<_>>());
    let shown: String = name
        .chars()
        .enumerate()
        .filter(|(i, _)| p.contains(i))
        .map(|(_, c)| c)
        .collect();
    assert_eq!(shown, "Þórðarson");
}
