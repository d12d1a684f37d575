//! Lookups across briefings as a user sees them: the entity index (library API), and the
//! commands `brief who`, `index`, `timeline`, `export` and `new`.
//!
//! The fixtures in `tests/fixtures/lookups` are four small briefings, newest first:
//!
//! | id                                   | date       | people                                         |
//! |--------------------------------------|------------|------------------------------------------------|
//! | `2024-03-06-berlin-trade-talks`      | 2024-03-06 | Jörg Weber, Klara Weber-Lindqvist, Ana Souza   |
//! | `2023-11-14-ankara-joint-commission` | 2023-11-14 | jorg weber, Mehmet Yılmaz                      |
//! | `izmir-ports` (its own `id`)         | 2023-06-20 | Ayşe Demir, Jean "JJ" Dupont                   |
//! | `2022-05-02-brasilia-visit`          | 2022-05-02 | JÖRG  WEBER, Brazilian delegation              |
//!
//! Every command runs from the repository root with `BRIEF_PATH` removed, so paths are written
//! as a user types them and appear in the output exactly like that.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use brief::entities::{EntityIndex, EntityKind};
use brief::model::{Corpus, Origin};
use common::run::*;
use serde_json::json;

const LOOKUPS: &str = "tests/fixtures/lookups";
const BERLIN: &str = "2024-03-06-berlin-trade-talks";
const ANKARA: &str = "2023-11-14-ankara-joint-commission";
const IZMIR: &str = "izmir-ports";
const BRASILIA: &str = "2022-05-02-brasilia-visit";
/// What every lookup over the fixtures says on standard error before anything else.
const LOADED: &str = "brief: 4 briefings from tests/fixtures/lookups\n";
const MISSING: &str = "tests/fixtures/lookups-no-such-folder";
const GOOD_FIXTURES: &str = "tests/fixtures/good";

// ---------------------------------------------------------------------------------------------
// Helpers (copied from tests/cli.rs, not shared)

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

// ---------------------------------------------------------------------------------------------
// The entity index (library API)

fn fixture_corpus() -> Corpus {
    let corpus = Corpus::load(&Origin::Paths(vec![root().join(LOOKUPS)]));
    assert!(
        corpus.diagnostics.is_empty(),
        "the lookup fixtures are clean: {:#?}",
        corpus.diagnostics
    );
    assert_eq!(corpus.briefings.len(), 4);
    corpus
}

/// The entities of one kind as (name, count), in the index's order.
fn names_and_counts(index: &EntityIndex, kind: EntityKind) -> Vec<(&str, usize)> {
    index
        .of_kind(kind)
        .map(|e| (e.name.as_str(), e.count()))
        .collect()
}

/// The ids of the briefings an entity appears in, in its order (newest first).
fn appearance_ids<'a>(
    corpus: &'a Corpus,
    index: &EntityIndex,
    kind: EntityKind,
    name: &str,
) -> Vec<&'a str> {
    let entity = index
        .find(kind, name)
        .unwrap_or_else(|| panic!("a {} named {name}", kind.label()));
    entity
        .appearances
        .iter()
        .map(|a| corpus.briefings[a.briefing()].id.as_str())
        .collect()
}

#[test]
fn one_person_across_spellings_with_the_role_of_each_appearance() {
    let corpus = fixture_corpus();
    let index = EntityIndex::build(&corpus);
    let weber = index
        .find(EntityKind::Person, "Jörg Weber")
        .expect("Jörg Weber");
    // Named by the newest briefing's spelling; three briefings, three spellings.
    assert_eq!(weber.name, "Jörg Weber");
    assert_eq!(weber.count(), 3);
    let seen: Vec<(&str, Option<&str>, Option<&str>)> = weber
        .appearances
        .iter()
        .map(|a| {
            (
                corpus.briefings[a.briefing()].id.as_str(),
                a.role(&corpus),
                a.organization(&corpus),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                BERLIN,
                Some("State Secretary"),
                Some("Federal Ministry for Economic Affairs")
            ),
            (
                ANKARA,
                Some("Head of delegation"),
                Some("federal ministry for economic affairs")
            ),
            (BRASILIA, Some("Trade envoy"), None),
        ]
    );
    // Every spelling finds the same person: case, diacritics and spaces do not matter.
    for spelling in [
        "jorg weber",
        "JÖRG  WEBER",
        "JORG WEBER",
        "  jörg   Weber ",
        "Jörg Weber",
    ] {
        let found = index
            .find(EntityKind::Person, spelling)
            .unwrap_or_else(|| panic!("`{spelling}` finds Jörg Weber"));
        assert_eq!(found, weber, "`{spelling}`");
    }
    assert_eq!(
        index
            .of_kind(EntityKind::Person)
            .filter(|e| e.key == "jorg weber")
            .count(),
        1,
        "the three spellings are one entity"
    );
}

#[test]
fn people_by_count_then_name() {
    let index = EntityIndex::build(&fixture_corpus());
    assert_eq!(
        names_and_counts(&index, EntityKind::Person),
        [
            ("Jörg Weber", 3),
            ("Ana Souza", 1),
            ("Ayşe Demir", 1),
            ("Brazilian delegation", 1),
            ("Jean \"JJ\" Dupont", 1),
            ("Klara Weber-Lindqvist", 1),
            ("Mehmet Yılmaz", 1),
        ]
    );
}

#[test]
fn organizations_merge_without_case() {
    let corpus = fixture_corpus();
    let index = EntityIndex::build(&corpus);
    assert_eq!(
        names_and_counts(&index, EntityKind::Organization),
        [
            ("Federal Ministry for Economic Affairs", 2),
            ("Compagnie Méridionale, SA", 1),
            ("Embassy of Sweden", 1),
            ("Ministry of Trade of Türkiye", 1),
            ("Port Authority of İzmir", 1),
        ]
    );
    assert_eq!(
        appearance_ids(
            &corpus,
            &index,
            EntityKind::Organization,
            "FEDERAL MINISTRY FOR ECONOMIC AFFAIRS"
        ),
        [BERLIN, ANKARA]
    );
    // Only people carry a role and an organization.
    let org = index
        .find(EntityKind::Organization, "embassy of sweden")
        .expect("the embassy");
    assert!(
        org.appearances
            .iter()
            .all(|a| a.role(&corpus).is_none() && a.organization(&corpus).is_none()),
        "{org:?}"
    );
}

#[test]
fn countries_of_participants_and_locations_merge() {
    let corpus = fixture_corpus();
    let index = EntityIndex::build(&corpus);
    assert_eq!(
        names_and_counts(&index, EntityKind::Country),
        [
            ("Germany", 3),
            ("Brazil", 2),
            ("Türkiye", 2),
            ("France", 1),
            ("Sweden", 1),
        ]
    );
    // Berlin names Germany as the location and as Jörg Weber's country: one appearance.
    // `germany` and `GERMANY` in the other two briefings are the same country.
    assert_eq!(
        appearance_ids(&corpus, &index, EntityKind::Country, "germany"),
        [BERLIN, ANKARA, BRASILIA]
    );
    // Brazil: a participant's country in Berlin, only the location's country in Brasília.
    assert_eq!(
        appearance_ids(&corpus, &index, EntityKind::Country, "Brazil"),
        [BERLIN, BRASILIA]
    );
    // `Türkiye` (Ankara) and `TURKIYE` (the İzmir location) are one country, spelled as the
    // newest briefing spells it.
    assert_eq!(
        appearance_ids(&corpus, &index, EntityKind::Country, "turkiye"),
        [ANKARA, IZMIR]
    );
}

#[test]
fn tags_of_briefings_and_agenda_topics_merge() {
    let corpus = fixture_corpus();
    let index = EntityIndex::build(&corpus);
    assert_eq!(
        names_and_counts(&index, EntityKind::Tag),
        [
            ("bilateral", 3),
            ("trade", 3),
            ("joint-commission", 1),
            ("ports, rail", 1),
            ("tariffs", 1),
        ]
    );
    // Berlin has `trade` as a tag and `Trade` on a topic (once); Ankara only on a topic.
    assert_eq!(
        appearance_ids(&corpus, &index, EntityKind::Tag, "trade"),
        [BERLIN, ANKARA, IZMIR]
    );
    // A tag found only on an agenda topic.
    assert_eq!(
        appearance_ids(&corpus, &index, EntityKind::Tag, "tariffs"),
        [BERLIN]
    );
}

#[test]
fn outcome_kinds_are_counted_per_briefing() {
    let corpus = fixture_corpus();
    let index = EntityIndex::build(&corpus);
    // An outcome without a kind (Brasília) counts for none.
    assert_eq!(
        names_and_counts(&index, EntityKind::Kind),
        [
            ("agreement", 2),
            ("follow-up", 2),
            ("commitment", 1),
            ("statement", 1),
        ]
    );
    assert_eq!(
        appearance_ids(&corpus, &index, EntityKind::Kind, "follow-up"),
        [BERLIN, IZMIR]
    );
}

#[test]
fn entities_are_grouped_by_kind_then_most_briefings_first() {
    let index = EntityIndex::build(&fixture_corpus());
    let kinds: Vec<EntityKind> = index.entities.iter().map(|e| e.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted, "grouped by kind in the kind order");
    for pair in index.entities.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.kind == b.kind {
            assert!(
                a.count() > b.count() || (a.count() == b.count() && a.key < b.key),
                "{} ({}) before {} ({})",
                a.name,
                a.count(),
                b.name,
                b.count()
            );
        }
    }
}

#[test]
fn find_is_exact_and_matching_takes_every_word() {
    let index = EntityIndex::build(&fixture_corpus());
    let names = |found: Vec<&brief::entities::Entity>| -> Vec<String> {
        found.into_iter().map(|e| e.name.clone()).collect()
    };
    // `find`: the whole name, without case and diacritics, of that kind only.
    assert!(index.find(EntityKind::Person, "weber").is_none());
    assert!(index.find(EntityKind::Person, "Jörg").is_none());
    assert!(index.find(EntityKind::Organization, "jorg weber").is_none());
    assert_eq!(
        index.find(EntityKind::Tag, "TRADE").map(|e| e.count()),
        Some(3)
    );
    assert_eq!(
        index
            .find(EntityKind::Country, "TÜRKİYE")
            .map(|e| e.name.as_str()),
        Some("Türkiye")
    );
    // `matching`: every word is a part of the folded name, in any order; best known first.
    assert_eq!(
        names(index.matching(EntityKind::Person, "weber")),
        ["Jörg Weber", "Klara Weber-Lindqvist"]
    );
    assert_eq!(
        names(index.matching(EntityKind::Person, "WEBER jörg")),
        ["Jörg Weber"]
    );
    assert_eq!(
        names(index.matching(EntityKind::Person, "yilmaz")),
        ["Mehmet Yılmaz"]
    );
    assert_eq!(
        names(index.matching(EntityKind::Organization, "izmir")),
        ["Port Authority of İzmir"]
    );
    assert_eq!(
        names(index.matching(EntityKind::Country, "tur")),
        ["Türkiye"]
    );
    assert_eq!(
        index.matching(EntityKind::Person, "").len(),
        7,
        "empty: all"
    );
    assert!(index.matching(EntityKind::Person, "weber zzz").is_empty());
    assert!(
        index.matching(EntityKind::Tag, "weber").is_empty(),
        "one kind only"
    );
}

// ---------------------------------------------------------------------------------------------
// brief who

/// `brief who 'jorg weber' tests/fixtures/lookups`, line by line.
const WEBER: [&str; 7] = [
    "Jörg Weber — 3 meetings",
    "  2024-03-06  2024-03-06-berlin-trade-talks  Trade talks in Berlin",
    "              State Secretary, Federal Ministry for Economic Affairs",
    "  2023-11-14  2023-11-14-ankara-joint-commission  German–Turkish joint economic commission",
    "              Head of delegation, federal ministry for economic affairs",
    "  2022-05-02  2022-05-02-brasilia-visit  Visit to Brasília",
    "              Trade envoy",
];

#[test]
fn who_lists_a_persons_meetings_newest_first_with_role_and_organization() {
    let r = run_ok(&["who", "jorg weber", LOOKUPS], 0);
    assert_eq!(r.lines(), WEBER);
    assert_eq!(r.stderr, LOADED);
}

#[test]
fn who_finds_a_person_under_any_spelling() {
    for spelling in ["Jörg Weber", "JÖRG  WEBER", "JORG WEBER", "jörg weber"] {
        let r = run_ok(&["who", spelling, LOOKUPS], 0);
        assert_eq!(r.lines(), WEBER, "brief who '{spelling}'");
    }
}

#[test]
fn who_with_a_part_of_a_name_lists_everyone_it_fits() {
    let r = run_ok(&["who", "weber", LOOKUPS], 0);
    let mut expected = WEBER.to_vec();
    expected.extend([
        "",
        "Klara Weber-Lindqvist — 1 meeting",
        "  2024-03-06  2024-03-06-berlin-trade-talks  Trade talks in Berlin",
        "              Trade attaché, Embassy of Sweden",
    ]);
    assert_eq!(r.lines(), expected);
    assert_eq!(r.stderr, LOADED);
}

#[test]
fn who_prints_only_what_the_briefing_says_of_a_participant() {
    // An organization without a role.
    let r = run_ok(&["who", "dupont", LOOKUPS], 0);
    assert_eq!(
        r.lines(),
        [
            "Jean \"JJ\" Dupont — 1 meeting",
            "  2023-06-20  izmir-ports  Talks on \"ports\", rail, and ferries — İzmir",
            "              Compagnie Méridionale, SA",
        ]
    );
    // Neither role nor organization: no second line.
    let r = run_ok(&["who", "delegation", LOOKUPS], 0);
    assert_eq!(
        r.lines(),
        [
            "Brazilian delegation — 1 meeting",
            "  2022-05-02  2022-05-02-brasilia-visit  Visit to Brasília",
        ]
    );
}

#[test]
fn who_as_json() {
    let r = run_ok(&["who", "weber", LOOKUPS, "--format", "json"], 0);
    assert_eq!(r.stderr, LOADED);
    assert_eq!(
        r.json(),
        json!([
            {
                "name": "Jörg Weber",
                "meetings": [
                    {
                        "id": BERLIN,
                        "date": "2024-03-06",
                        "title": "Trade talks in Berlin",
                        "role": "State Secretary",
                        "organization": "Federal Ministry for Economic Affairs"
                    },
                    {
                        "id": ANKARA,
                        "date": "2023-11-14",
                        "title": "German–Turkish joint economic commission",
                        "role": "Head of delegation",
                        "organization": "federal ministry for economic affairs"
                    },
                    {
                        "id": BRASILIA,
                        "date": "2022-05-02",
                        "title": "Visit to Brasília",
                        "role": "Trade envoy"
                    }
                ]
            },
            {
                "name": "Klara Weber-Lindqvist",
                "meetings": [
                    {
                        "id": BERLIN,
                        "date": "2024-03-06",
                        "title": "Trade talks in Berlin",
                        "role": "Trade attaché",
                        "organization": "Embassy of Sweden"
                    }
                ]
            }
        ])
    );
    assert_eq!(printed_keys(&r.stdout, 4), ["name", "meetings"]);
    assert_eq!(
        printed_keys(&r.stdout, 8),
        ["id", "date", "title", "role", "organization"]
    );
}

#[test]
fn who_of_nobody_exits_1_with_a_hint() {
    let r = run_ok(&["who", "zzz", LOOKUPS], 1);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        format!("{LOADED}brief: nobody named `zzz`; `brief index people` lists everyone\n")
    );
    let r = run_ok(&["who", "zzz", LOOKUPS, "--format", "json"], 1);
    assert_eq!(r.json(), json!([]));
    assert!(r.stderr.contains("nobody named `zzz`"), "{}", r.stderr);
}

#[test]
fn who_with_a_missing_path_exits_2() {
    let r = run_ok(&["who", "weber", MISSING], 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .starts_with(&format!("{MISSING}: error: cannot read")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("nobody named"), "{}", r.stderr);
}

#[test]
fn who_in_the_repository_corpus() {
    let r = run_ok(&["who", "bayramov", "briefings"], 0);
    let lines = r.lines();
    assert_eq!(lines[0], "Jeyhun Bayramov — 3 meetings");
    let dates: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("  2"))
        .map(|l| &l[2..12])
        .collect();
    assert_eq!(dates, ["2025-08-08", "2024-05-10", "2023-11-14"]);
    assert!(
        lines[1]
            .starts_with("  2025-08-08  2025-08-08-armenia-azerbaijan-washington-peace-summit  "),
        "{}",
        lines[1]
    );

    // Without a path: ./briefings of the repository root.
    let r = run_ok(&["who", "Nasser Bourita", "--format", "json"], 0);
    assert_eq!(r.stderr, "brief: 15 briefings from ./briefings\n");
    let people = r.json();
    assert_eq!(people.as_array().map(Vec::len), Some(1));
    assert_eq!(people[0]["name"], "Nasser Bourita");
    assert_eq!(
        ids(&people[0]["meetings"]),
        [
            "2023-11-14-azerbaijan-morocco-joint-commission",
            "2022-03-27-negev-summit-sde-boker"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// brief index

#[test]
fn index_lists_each_kind_with_counts() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "people",
            &[
                "3  Jörg Weber",
                "1  Ana Souza",
                "1  Ayşe Demir",
                "1  Brazilian delegation",
                "1  Jean \"JJ\" Dupont",
                "1  Klara Weber-Lindqvist",
                "1  Mehmet Yılmaz",
            ],
        ),
        (
            "orgs",
            &[
                "2  Federal Ministry for Economic Affairs",
                "1  Compagnie Méridionale, SA",
                "1  Embassy of Sweden",
                "1  Ministry of Trade of Türkiye",
                "1  Port Authority of İzmir",
            ],
        ),
        (
            "countries",
            &[
                "3  Germany",
                "2  Brazil",
                "2  Türkiye",
                "1  France",
                "1  Sweden",
            ],
        ),
        (
            "tags",
            &[
                "3  bilateral",
                "3  trade",
                "1  joint-commission",
                "1  ports, rail",
                "1  tariffs",
            ],
        ),
        (
            "kinds",
            &[
                "2  agreement",
                "2  follow-up",
                "1  commitment",
                "1  statement",
            ],
        ),
    ];
    for (kind, expected) in cases {
        let r = run_ok(&["index", kind, LOOKUPS], 0);
        assert_eq!(r.lines(), expected, "brief index {kind}");
        assert_eq!(r.stderr, LOADED, "brief index {kind}");
    }
}

#[test]
fn index_query_keeps_the_names_with_every_word() {
    let r = run_ok(&["index", "people", "-q", "WEBER", LOOKUPS], 0);
    assert_eq!(r.lines(), ["3  Jörg Weber", "1  Klara Weber-Lindqvist"]);
    let r = run_ok(&["index", "countries", "-q", "tur", LOOKUPS], 0);
    assert_eq!(r.lines(), ["2  Türkiye"]);
    let r = run_ok(&["index", "orgs", "-q", "izmir port", LOOKUPS], 0);
    assert_eq!(r.lines(), ["1  Port Authority of İzmir"]);
    let r = run_ok(&["index", "tags", "-q", "rail ports", LOOKUPS], 0);
    assert_eq!(r.lines(), ["1  ports, rail"]);
}

#[test]
fn index_of_no_match_exits_1() {
    let r = run_ok(&["index", "people", "-q", "zzz", LOOKUPS], 1);
    assert_eq!(r.stdout, "");
    let r = run_ok(
        &["index", "kinds", "-q", "zzz", LOOKUPS, "--format", "json"],
        1,
    );
    assert_eq!(r.json(), json!([]));
}

#[test]
fn index_as_json_names_the_briefings_newest_first() {
    let r = run_ok(&["index", "countries", LOOKUPS, "--format", "json"], 0);
    assert_eq!(r.stderr, LOADED);
    assert_eq!(
        r.json(),
        json!([
            { "name": "Germany", "count": 3, "briefings": [BERLIN, ANKARA, BRASILIA] },
            { "name": "Brazil", "count": 2, "briefings": [BERLIN, BRASILIA] },
            { "name": "Türkiye", "count": 2, "briefings": [ANKARA, IZMIR] },
            { "name": "France", "count": 1, "briefings": [IZMIR] },
            { "name": "Sweden", "count": 1, "briefings": [BERLIN] }
        ])
    );
    assert_eq!(printed_keys(&r.stdout, 4), ["name", "count", "briefings"]);

    let r = run_ok(
        &["index", "people", "-q", "jörg", LOOKUPS, "--format", "json"],
        0,
    );
    assert_eq!(
        r.json(),
        json!([{ "name": "Jörg Weber", "count": 3, "briefings": [BERLIN, ANKARA, BRASILIA] }])
    );
}

#[test]
fn index_right_aligns_counts_of_several_digits() {
    let dir = temp_dir();
    for day in 1..=10 {
        let tags = if day == 1 {
            "[common, rare]"
        } else {
            "[common]"
        };
        fs::write(
            dir.path().join(format!("2024-01-{day:02}-m.yaml")),
            format!("title: Meeting {day}\ndate: 2024-01-{day:02}\ntags: {tags}\n"),
        )
        .expect("a briefing written");
    }
    let path = dir.path().to_str().expect("a UTF-8 path");
    let r = run_ok(&["index", "tags", path], 0);
    assert_eq!(r.lines(), ["10  common", " 1  rare"]);
}

#[test]
fn index_with_a_missing_path_or_an_unknown_kind_exits_2() {
    let r = run_ok(&["index", "people", MISSING], 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
    let r = run_ok(&["index", "persons", LOOKUPS], 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("invalid value 'persons'"), "{}", r.stderr);
}

#[test]
fn index_of_the_repository_corpus() {
    let r = run_ok(&["index", "people", "-q", "bayramov", "briefings"], 0);
    assert_eq!(r.lines(), ["3  Jeyhun Bayramov"]);
    let r = run_ok(&["index", "people", "-q", "bourita", "briefings"], 0);
    assert_eq!(r.lines(), ["2  Nasser Bourita"]);
}

// ---------------------------------------------------------------------------------------------
// brief timeline

/// `brief timeline tests/fixtures/lookups`, line by line.
const TIMELINE: [&str; 14] = [
    "2022-05",
    "  2022-05-02        ■ Visit to Brasília  [2022-05-02-brasilia-visit]",
    "  2022-05-02          Talks at Itamaraty  [2022-05-02-brasilia-visit]",
    "2023-06",
    "  2023-06-20        ■ Talks on \"ports\", rail, and ferries — İzmir  [izmir-ports]",
    "2023-11",
    "  2023-11-14        ■ German–Turkish joint economic commission  [2023-11-14-ankara-joint-commission]",
    "  2023-11-14 10:00    Plenary session  [2023-11-14-ankara-joint-commission]",
    "2024-03",
    "  2024-03-06        ■ Trade talks in Berlin  [2024-03-06-berlin-trade-talks]",
    "  2024-03-06          morning: Delegations arrive  [2024-03-06-berlin-trade-talks]",
    "  2024-03-06 09:30    Opening plenary  [2024-03-06-berlin-trade-talks]",
    "  2024-03-06 14:00    Working groups on tariffs  [2024-03-06-berlin-trade-talks]",
    "  2024-03-07          Closing session  [2024-03-06-berlin-trade-talks]",
];

#[test]
fn timeline_groups_briefings_and_events_by_month_oldest_first() {
    let r = run_ok(&["timeline", LOOKUPS], 0);
    // Events at a date of their own (`2024-03-06T09:30`, `2024-03-07`) go there; an event with a
    // time only, with free text (`morning`) or without `at` goes on the briefing's day.
    assert_eq!(r.lines(), TIMELINE);
    assert!(r.stdout.ends_with("]\n"));
    assert_eq!(r.stderr, LOADED);
}

#[test]
fn timeline_from_and_to_keep_the_days_between_both_included() {
    let r = run_ok(
        &[
            "timeline",
            LOOKUPS,
            "--from",
            "2023-06-20",
            "--to",
            "2024-03-06",
        ],
        0,
    );
    assert_eq!(r.lines(), TIMELINE[3..13]);

    // The second day of a meeting: its event, without the briefing's own line.
    let r = run_ok(&["timeline", LOOKUPS, "--from", "2024-03-07"], 0);
    assert_eq!(
        r.lines(),
        [
            "2024-03",
            "  2024-03-07          Closing session  [2024-03-06-berlin-trade-talks]",
        ]
    );

    let r = run_ok(&["timeline", LOOKUPS, "--to", "2022-12-31"], 0);
    assert_eq!(r.lines(), TIMELINE[..3]);
}

#[test]
fn timeline_query_uses_the_search_language() {
    // İzmir has no Weber: its month goes too.
    let r = run_ok(&["timeline", "-q", "who:weber", LOOKUPS], 0);
    let expected: Vec<&str> = TIMELINE
        .iter()
        .copied()
        .filter(|l| !l.starts_with("2023-06") && !l.ends_with("[izmir-ports]"))
        .collect();
    assert_eq!(r.lines(), expected);

    let r = run_ok(
        &[
            "timeline",
            "-q",
            "who:weber",
            LOOKUPS,
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
        ],
        0,
    );
    assert_eq!(r.lines(), TIMELINE[5..8]);

    let r = run_ok(&["timeline", "-q", "where:izmir", LOOKUPS], 0);
    assert_eq!(r.lines(), TIMELINE[3..5]);
}

#[test]
fn timeline_interleaves_the_events_of_one_day_by_time() {
    let dir = temp_dir();
    fs::write(
        dir.path().join("2024-05-01-a.yaml"),
        "title: Morning talks\ndate: 2024-05-01\ntimeline:\n  - at: \"09:00\"\n    event: A at nine\n  - at: \"15:00\"\n    event: A at three\n",
    )
    .expect("a briefing written");
    fs::write(
        dir.path().join("2024-05-01-b.yaml"),
        "title: Lunch talks\ndate: 2024-05-01\ntimeline:\n  - event: B untimed\n  - at: 2024-05-01T12:00\n    event: B at noon\n",
    )
    .expect("a briefing written");
    let r = run_ok(&["timeline", path_str(dir.path())], 0);
    let lines = r.lines();
    assert_eq!(lines[0], "2024-05");
    assert_eq!(lines.len(), 7, "{}", r.stdout);
    // Each briefing's own line first, then its untimed event, then the timed events of both
    // briefings by time.
    let at = |text: &str| {
        lines
            .iter()
            .position(|l| l.contains(text))
            .unwrap_or_else(|| panic!("`{text}` in\n{}", r.stdout))
    };
    assert!(at("■ Lunch talks") < at("B untimed"));
    assert!(at("■ Morning talks") < at("A at nine"));
    assert_eq!(
        lines[4..],
        [
            "  2024-05-01 09:00    A at nine  [2024-05-01-a]",
            "  2024-05-01 12:00    B at noon  [2024-05-01-b]",
            "  2024-05-01 15:00    A at three  [2024-05-01-a]",
        ]
    );
}

#[test]
fn timeline_as_json() {
    let r = run_ok(
        &[
            "timeline",
            "-q",
            "where:ankara",
            LOOKUPS,
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(
        r.json(),
        json!([
            {
                "date": "2023-11-14",
                "text": "German–Turkish joint economic commission",
                "id": ANKARA
            },
            {
                "date": "2023-11-14",
                "time": "10:00:00",
                "event": 0,
                "text": "Plenary session",
                "id": ANKARA
            }
        ])
    );
    // Printed in this order: the event's own fields, then the briefing's id.
    let second = r.stdout.split("},").nth(1).expect("a second object");
    assert_eq!(
        printed_keys(second, 4),
        ["date", "time", "event", "text", "id"]
    );

    let r = run_ok(
        &[
            "timeline",
            "-q",
            "title:berlin",
            LOOKUPS,
            "--format",
            "json",
        ],
        0,
    );
    let rows = r.json();
    let events: Vec<(&str, Option<&str>, Option<i64>, &str)> = rows
        .as_array()
        .expect("an array")
        .iter()
        .map(|e| {
            (
                e["date"].as_str().expect("a date"),
                e["time"].as_str(),
                e["event"].as_i64(),
                e["text"].as_str().expect("a text"),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("2024-03-06", None, None, "Trade talks in Berlin"),
            ("2024-03-06", None, Some(0), "Delegations arrive"),
            ("2024-03-06", Some("09:30:00"), Some(1), "Opening plenary"),
            (
                "2024-03-06",
                Some("14:00:00"),
                Some(2),
                "Working groups on tariffs"
            ),
            ("2024-03-07", None, Some(3), "Closing session"),
        ]
    );
    assert!(ids(&rows).iter().all(|id| *id == BERLIN));
}

#[test]
fn timeline_with_nothing_to_show_exits_1() {
    let r = run_ok(&["timeline", LOOKUPS, "--from", "2030-01-01"], 1);
    assert_eq!(r.stdout, "");
    let r = run_ok(&["timeline", "-q", "who:zzzz", LOOKUPS], 1);
    assert_eq!(r.stdout, "");
    let r = run_ok(
        &["timeline", "-q", "who:zzzz", LOOKUPS, "--format", "json"],
        1,
    );
    assert_eq!(r.json(), json!([]));
}

#[test]
fn timeline_with_a_bad_query_exits_2() {
    let r = run_ok(&["timeline", "-q", "who:weber date:2023-13", LOOKUPS], 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains(
            "brief: bad query `who:weber date:2023-13`: column 16: `2023-13`: month 13 does not exist\n"
        ),
        "{}",
        r.stderr
    );
    let r = run_ok(&["timeline", "-q", "wh:weber", LOOKUPS], 2);
    assert!(
        r.stderr
            .contains("unknown field `wh:`; did you mean `who:`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn timeline_with_a_bad_date_exits_2_and_says_how_to_write_one() {
    let r = run_ok(&["timeline", LOOKUPS, "--from", "14.11.2023"], 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains(
            "invalid value '14.11.2023' for '--from <FROM>': `14.11.2023` is not a date: write it as YYYY-MM-DD, e.g. 2023-11-14"
        ),
        "{}",
        r.stderr
    );
    let r = run_ok(&["timeline", LOOKUPS, "--to", "2023-02-30"], 2);
    assert!(
        r.stderr.contains(
            "invalid value '2023-02-30' for '--to <TO>': `2023-02-30` is not a real calendar date"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn timeline_with_a_missing_path_exits_2() {
    let r = run_ok(&["timeline", MISSING], 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
}

#[test]
fn timeline_of_the_repository_corpus_is_in_date_order() {
    let r = run_ok(&["timeline", "briefings"], 0);
    let mut months = Vec::new();
    let mut days = Vec::new();
    let mut briefings = 0;
    for line in r.lines() {
        if let Some(rest) = line.strip_prefix("  ") {
            let day = &rest[..10];
            assert!(
                months.last().is_some_and(|m: &&str| day.starts_with(*m)),
                "{line} under its month"
            );
            days.push(day);
            if rest[10..].trim_start().starts_with('■') {
                briefings += 1;
            }
        } else {
            months.push(line);
        }
    }
    assert_eq!(briefings, 15, "one line per briefing");
    assert!(days.is_sorted(), "{days:?}");
    let mut unique = months.clone();
    unique.dedup();
    assert_eq!(unique, months, "one heading per month");
    assert_eq!(months.first(), Some(&"2019-06"));
    assert_eq!(months.last(), Some(&"2025-08"));
}

// ---------------------------------------------------------------------------------------------
// brief export

#[test]
fn export_as_json_gives_whole_briefings_with_id_and_file() {
    let r = run_ok(&["export", "", LOOKUPS, "--format", "json"], 0);
    assert_eq!(r.stderr, LOADED);
    let rows = r.json();
    assert_eq!(ids(&rows), [BERLIN, ANKARA, IZMIR, BRASILIA]);
    let files: Vec<&str> = rows
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| r["file"].as_str().expect("a file"))
        .collect();
    assert_eq!(
        files,
        [
            "tests/fixtures/lookups/2024-03-06-berlin-trade-talks.yaml",
            "tests/fixtures/lookups/2023-11-14-ankara-joint-commission.yaml",
            "tests/fixtures/lookups/2023-06-20-izmir-ports.yaml",
            "tests/fixtures/lookups/2022-05-02-brasilia-visit.yaml",
        ]
    );
    assert_eq!(
        &printed_keys(&r.stdout, 4)[..4],
        ["id", "file", "title", "date"]
    );
    assert_eq!(
        r.stdout.matches("\n    \"id\": ").count(),
        4,
        "one id per briefing, even with `id:` in the file"
    );
    let izmir = &rows[2];
    assert_eq!(
        izmir["title"],
        "Talks on \"ports\", rail, and ferries — İzmir"
    );
    assert_eq!(izmir["location"]["venue"], "Port Authority\nBuilding 2");
    assert_eq!(izmir["participants"][1]["name"], "Jean \"JJ\" Dupont");
    assert_eq!(izmir["outcomes"][0]["due"], "2023-12-31");

    let r = run_ok(&["export", "who:weber", LOOKUPS, "--format", "json"], 0);
    let mut found = ids(&r.json())
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    found.sort();
    assert_eq!(found, [BRASILIA, ANKARA, BERLIN]);
}

#[test]
fn export_as_markdown_separates_briefings_with_rules() {
    let r = run_ok(&["export", "who:weber", LOOKUPS, "--format", "markdown"], 0);
    let parts: Vec<&str> = r.stdout.split("\n\n---\n\n").collect();
    assert_eq!(parts.len(), 3, "{}", r.stdout);
    let mut titles: Vec<&str> = parts
        .iter()
        .map(|p| {
            p.strip_prefix("# ")
                .and_then(|p| p.split_once('\n'))
                .map(|(t, _)| t)
                .unwrap_or_else(|| panic!("a briefing starts with its title:\n{p}"))
        })
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "German–Turkish joint economic commission",
            "Trade talks in Berlin",
            "Visit to Brasília",
        ]
    );
    assert_eq!(r.lines().iter().filter(|l| l.starts_with("# ")).count(), 3);
    assert_eq!(r.lines().iter().filter(|l| **l == "---").count(), 2);
    assert!(r.stdout.ends_with('\n') && !r.stdout.ends_with("---\n"));

    // One briefing: no rule at all; the same text as `brief show --format markdown`.
    let r = run_ok(
        &["export", "where:ankara", LOOKUPS, "--format", "markdown"],
        0,
    );
    assert!(
        r.stdout
            .starts_with("# German–Turkish joint economic commission\n\n")
    );
    assert!(!r.lines().contains(&"---"), "{}", r.stdout);
    let show = run_ok(&["show", ANKARA, LOOKUPS, "--format", "markdown"], 0);
    assert_eq!(r.stdout, show.stdout);
}

const CSV_HEADER: [&str; 11] = [
    "id",
    "date",
    "end_date",
    "title",
    "location",
    "participants",
    "tags",
    "outcomes",
    "summary",
    "sources",
    "file",
];

#[test]
fn export_as_csv_gives_one_row_per_briefing_that_reads_back_exactly() {
    let r = run_ok(&["export", "", LOOKUPS, "--format", "csv"], 0);
    assert_eq!(r.stderr, LOADED);
    assert!(
        r.stdout.starts_with(&format!("{}\n", CSV_HEADER.join(","))),
        "{}",
        r.stdout
    );
    let (header, rows) = r.csv();
    assert_eq!(header, CSV_HEADER);
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0],
        [
            BERLIN,
            "2024-03-06",
            "2024-03-07",
            "Trade talks in Berlin",
            "Federal Foreign Office, Berlin, Germany",
            "Jörg Weber; Klara Weber-Lindqvist; Ana Souza",
            "trade; bilateral",
            "2",
            "Two days of talks on tariffs and customs.",
            "",
            "tests/fixtures/lookups/2024-03-06-berlin-trade-talks.yaml",
        ]
    );
    // Commas, quotes, a newline (the venue) and non-ASCII text come back as written; the summary
    // is put on one line.
    assert_eq!(
        rows[2],
        [
            IZMIR,
            "2023-06-20",
            "",
            "Talks on \"ports\", rail, and ferries — İzmir",
            "Port Authority\nBuilding 2, İzmir, TURKIYE",
            "Ayşe Demir; Jean \"JJ\" Dupont",
            "ports, rail; trade",
            "2",
            "Ports, rail and ferries. A second line; with \"quotes\".",
            "Anadolu Ajansı, https://example.org/a?b=1,2",
            "tests/fixtures/lookups/2023-06-20-izmir-ports.yaml",
        ]
    );
    assert_eq!(
        rows[3],
        [
            BRASILIA,
            "2022-05-02",
            "",
            "Visit to Brasília",
            "Brasília, Brazil",
            "JÖRG  WEBER; Brazilian delegation",
            "Bilateral",
            "1",
            "",
            "",
            "tests/fixtures/lookups/2022-05-02-brasilia-visit.yaml",
        ]
    );
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, [BERLIN, ANKARA, IZMIR, BRASILIA]);
}

#[test]
fn export_outcomes_as_csv_gives_one_row_per_outcome() {
    let r = run_ok(&["export", "", LOOKUPS, "--format", "csv", "--outcomes"], 0);
    let (header, rows) = r.csv();
    assert_eq!(
        header,
        [
            "id", "date", "title", "kind", "outcome", "status", "due", "parties"
        ]
    );
    let izmir_title = "Talks on \"ports\", rail, and ferries — İzmir";
    let ankara_title = "German–Turkish joint economic commission";
    assert_eq!(
        rows,
        [
            [
                BERLIN,
                "2024-03-06",
                "Trade talks in Berlin",
                "agreement",
                "Customs cooperation agreement",
                "signed",
                "",
                "Germany; Brazil",
            ],
            [
                BERLIN,
                "2024-03-06",
                "Trade talks in Berlin",
                "follow-up",
                "Expert group to report on tariffs",
                "",
                "2024-06-30",
                "",
            ],
            [
                ANKARA,
                "2023-11-14",
                ankara_title,
                "agreement",
                "Protocol of the commission's session",
                "signed",
                "",
                "Germany; Türkiye",
            ],
            [
                ANKARA,
                "2023-11-14",
                ankara_title,
                "statement",
                "Both sides stressed the value of the customs union.",
                "",
                "",
                "",
            ],
            [
                IZMIR,
                "2023-06-20",
                izmir_title,
                "commitment",
                "Study the İzmir–Marseille ferry line, \"as soon as possible\"",
                "agreed",
                "2023-12-31",
                "Türkiye; France",
            ],
            [
                IZMIR,
                "2023-06-20",
                izmir_title,
                "follow-up",
                "Meet again.",
                "",
                "",
                "",
            ],
            [
                BRASILIA,
                "2022-05-02",
                "Visit to Brasília",
                "",
                "Next visit in 2023.",
                "",
                "",
                "",
            ],
        ]
    );

    // The query picks the briefings; every outcome of each is a row.
    let r = run_ok(
        &[
            "export",
            "kind:commitment",
            LOOKUPS,
            "--format",
            "csv",
            "--outcomes",
        ],
        0,
    );
    let (_, rows) = r.csv();
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(kinds, [(IZMIR, "commitment"), (IZMIR, "follow-up")]);
}

#[test]
fn export_of_no_match_exits_1() {
    let r = run_ok(&["export", "zzzzqq", LOOKUPS, "--format", "json"], 1);
    assert_eq!(r.json(), json!([]));
    let r = run_ok(&["export", "zzzzqq", LOOKUPS, "--format", "markdown"], 1);
    assert_eq!(r.stdout, "");
    let r = run_ok(&["export", "zzzzqq", LOOKUPS, "--format", "csv"], 1);
    let (header, rows) = r.csv();
    assert_eq!(header, CSV_HEADER);
    assert!(rows.is_empty());
}

#[test]
fn export_with_a_bad_query_a_missing_path_or_no_format_exits_2() {
    let r = run_ok(&["export", "foo:bar", LOOKUPS, "--format", "csv"], 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("brief: bad query `foo:bar`: column 1: unknown field `foo:`"),
        "{}",
        r.stderr
    );
    let r = run_ok(&["export", "", MISSING, "--format", "json"], 2);
    assert_eq!(r.stdout, "");
    let r = run_ok(&["export", "", LOOKUPS], 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("--format"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// brief new

/// Today's date as `brief new` writes it, read before and after a run so that a run across
/// midnight still matches one of them.
fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// Runs `brief new ARGS` in `cwd` with a data folder of its own, and returns its run with the
/// day it used.
fn brief_new(cwd: &Path, args: &[&str], code: i32) -> (Run, String) {
    let data = temp_dir();
    brief_new_with(cwd, data.path(), args, code)
}

/// [`brief_new`] with `data` as the program's data folder (`BRIEF_DATA_DIR`).
fn brief_new_with(cwd: &Path, data: &Path, args: &[&str], code: i32) -> (Run, String) {
    let before = today();
    let r = run(brief()
        .current_dir(cwd)
        .env("BRIEF_DATA_DIR", data)
        .arg("new")
        .args(args));
    assert_eq!(
        r.code,
        code,
        "brief new {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        r.stdout,
        r.stderr
    );
    let after = today();
    let day = if r.stdout.contains(&after) || r.stderr.contains(&after) {
        after
    } else {
        before
    };
    (r, day)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn new_writes_a_template_with_todays_date_that_checks_clean() {
    let dir = temp_dir();
    let d = path_str(dir.path());
    let (r, day) = brief_new(root(), &["--dir", d], 0);
    let path: PathBuf = dir.path().join(format!("{day}-new-briefing.yaml"));
    assert_eq!(r.stdout, format!("{}\n", path.display()));
    assert_eq!(r.stderr, "");
    let text = fs::read_to_string(&path).expect("the new file");
    assert!(text.contains(&format!("\ndate: {day}")), "{text}");

    let p = path_str(&path);
    let check = run_ok(&["check", p], 0);
    assert_eq!(
        check.stdout,
        format!("checking {p}\n1 briefing, 0 errors, 0 warnings\n")
    );
    // And it loads: `brief list` shows it with today's date.
    let list = run_ok(&["list", p], 0);
    assert_eq!(
        list.lines(),
        [format!("{day}  {day}-new-briefing  New briefing")]
    );
}

#[test]
fn new_never_touches_an_existing_file() {
    let dir = temp_dir();
    let d = path_str(dir.path());
    // One data folder, so that every file names the same schema.
    let data = temp_dir();
    let (_, day) = brief_new_with(root(), data.path(), &["--dir", d], 0);
    let first = dir.path().join(format!("{day}-new-briefing.yaml"));
    // Set the first file's time far back: a rewrite would show even on a coarse clock.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    fs::File::options()
        .write(true)
        .open(&first)
        .expect("the first file")
        .set_modified(old)
        .expect("its time set");
    let content = fs::read(&first).expect("the first file");

    let (r, day2) = brief_new_with(root(), data.path(), &["--dir", d], 0);
    let second = dir.path().join(format!("{day2}-new-briefing-2.yaml"));
    if day2 == day {
        assert_eq!(r.stdout, format!("{}\n", second.display()));
        assert_eq!(fs::read(&second).expect("the second file"), content);
    }
    assert_eq!(fs::read(&first).expect("the first file"), content);
    assert_eq!(
        fs::metadata(&first).and_then(|m| m.modified()).ok(),
        Some(old),
        "the first file was not rewritten"
    );

    // A file the user wrote under the next name is left alone too.
    let mine = dir.path().join(format!("{day2}-new-briefing-3.yaml"));
    fs::write(&mine, "my own notes\n").expect("a file written");
    let (r, day3) = brief_new_with(root(), data.path(), &["--dir", d], 0);
    if day3 == day2 {
        assert_eq!(
            r.stdout,
            format!(
                "{}\n",
                dir.path()
                    .join(format!("{day3}-new-briefing-4.yaml"))
                    .display()
            )
        );
    }
    assert_eq!(
        fs::read_to_string(&mine).expect("my file"),
        "my own notes\n"
    );

    // The written ones all pass `brief check`; `my own notes` is not a briefing.
    fs::remove_file(&mine).expect("my file removed");
    let check = run_ok(&["check", d], 0);
    assert!(
        check
            .stdout
            .ends_with("3 briefings, 0 errors, 0 warnings\n"),
        "{}",
        check.stdout
    );
}

#[test]
fn new_without_dir_writes_into_briefings_if_there_else_here() {
    let dir = temp_dir();
    let (r, day) = brief_new(dir.path(), &[], 0);
    assert_eq!(r.stdout, format!("./{day}-new-briefing.yaml\n"));
    assert!(
        dir.path()
            .join(format!("{day}-new-briefing.yaml"))
            .is_file()
    );

    fs::create_dir(dir.path().join("briefings")).expect("a briefings folder");
    let (r, day) = brief_new(dir.path(), &[], 0);
    assert_eq!(r.stdout, format!("briefings/{day}-new-briefing.yaml\n"));
    assert!(
        dir.path()
            .join("briefings")
            .join(format!("{day}-new-briefing.yaml"))
            .is_file()
    );
}

#[test]
fn new_into_a_missing_folder_exits_2() {
    let dir = temp_dir();
    let missing = dir.path().join("missing");
    let (r, day) = brief_new(root(), &["--dir", path_str(&missing)], 2);
    assert_eq!(r.stdout, "");
    let target = missing.join(format!("{day}-new-briefing.yaml"));
    assert!(
        r.stderr
            .starts_with(&format!("brief: cannot write {}: ", target.display())),
        "{}",
        r.stderr
    );
    assert!(!missing.exists(), "no folder is created");
}

#[test]
fn new_into_something_unwritable_exits_2() {
    let dir = temp_dir();
    // A file where the folder should be: unwritable for anyone, root included.
    let file = dir.path().join("not-a-folder");
    fs::write(&file, "x").expect("a file written");
    let (r, _) = brief_new(root(), &["--dir", path_str(&file)], 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.starts_with("brief: cannot write "), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&file).expect("the file"), "x");

    // A read-only folder, where permissions apply (not for root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("read-only");
        fs::create_dir(&ro).expect("a folder");
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).expect("read-only");
        let probe = ro.join("probe");
        if fs::write(&probe, "").is_ok() {
            // Running as root: permissions do not stop writing, so there is nothing to test.
            fs::remove_file(&probe).expect("probe removed");
        } else {
            let (r, _) = brief_new(root(), &["--dir", path_str(&ro)], 2);
            assert_eq!(r.stdout, "");
            assert!(r.stderr.starts_with("brief: cannot write "), "{}", r.stderr);
            assert_eq!(fs::read_dir(&ro).expect("the folder").count(), 0);
        }
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).expect("writable again");
    }
}

/// The files in a folder, by name.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("a folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

const COMMITTED_SCHEMA: &str = include_str!("../assets/briefing.schema.json");

#[test]
fn schema_prints_the_json_schema_of_the_format() {
    let r = run_ok(&["schema"], 0);
    assert_eq!(r.stdout, COMMITTED_SCHEMA);
    assert_eq!(r.stderr, "");
    assert_eq!(r.json()["title"], "brief briefing, format version 1");
    // Anywhere: it reads no briefing.
    let dir = temp_dir();
    let r = run_in(dir.path(), &["schema"], 0);
    assert_eq!(r.stdout, COMMITTED_SCHEMA);
}

#[test]
fn new_names_a_schema_in_the_data_folder_that_works_from_any_folder() {
    let briefings = temp_dir();
    let data = temp_dir();
    let (r, day) = brief_new_with(
        root(),
        data.path(),
        &["--dir", path_str(briefings.path())],
        0,
    );
    assert_eq!(r.stderr, "");
    let schema = data.path().join("briefing.schema.json");
    assert!(schema.is_absolute());
    let text = fs::read_to_string(briefings.path().join(format!("{day}-new-briefing.yaml")))
        .expect("the new file");
    assert_eq!(
        text.lines().next(),
        Some(format!("# yaml-language-server: $schema={}", schema.display()).as_str())
    );
    assert_eq!(
        fs::read_to_string(&schema).expect("the schema"),
        COMMITTED_SCHEMA,
        "the schema `brief schema` prints"
    );
    // Nothing but the new file in the briefing folder.
    assert_eq!(
        names_in(briefings.path()),
        [format!("{day}-new-briefing.yaml")]
    );
    assert_eq!(names_in(data.path()), ["briefing.schema.json"]);

    // A relative BRIEF_DATA_DIR is named by its absolute path.
    let (r, day) = brief_new_with(briefings.path(), Path::new("data"), &["--dir", "."], 0);
    assert_eq!(r.stderr, "");
    let text = fs::read_to_string(briefings.path().join(format!("{day}-new-briefing-2.yaml")))
        .expect("the second file");
    let absolute = briefings.path().join("data").join("briefing.schema.json");
    assert!(
        text.starts_with(&format!(
            "# yaml-language-server: $schema={}\n",
            absolute.display()
        )),
        "{text}"
    );
    assert!(absolute.is_file());
}

#[test]
fn new_writes_the_schema_only_when_missing_or_different() {
    let briefings = temp_dir();
    let data = temp_dir();
    let d = path_str(briefings.path());
    brief_new_with(root(), data.path(), &["--dir", d], 0);
    let schema = data.path().join("briefing.schema.json");
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let set_old = || {
        fs::File::options()
            .write(true)
            .open(&schema)
            .expect("the schema")
            .set_modified(old)
            .expect("its time set");
    };
    set_old();
    brief_new_with(root(), data.path(), &["--dir", d], 0);
    assert_eq!(
        fs::metadata(&schema).and_then(|m| m.modified()).ok(),
        Some(old),
        "the same schema is not written again"
    );
    // An out-of-date schema (another version's) is replaced whole, by a rename.
    fs::write(&schema, "{\"title\": \"an older schema\"}\n").expect("an old schema");
    set_old();
    brief_new_with(root(), data.path(), &["--dir", d], 0);
    assert_eq!(fs::read_to_string(&schema).unwrap(), COMMITTED_SCHEMA);
    assert_ne!(
        fs::metadata(&schema).and_then(|m| m.modified()).ok(),
        Some(old)
    );
    assert_eq!(
        names_in(data.path()),
        ["briefing.schema.json"],
        "no temporary file left"
    );
    assert_eq!(names_in(briefings.path()).len(), 3);
}

#[test]
fn new_names_a_schema_path_with_spaces_as_a_file_address() {
    let briefings = temp_dir();
    let data = temp_dir();
    let spaced = data.path().join("Application Support").join("brief #1");
    let (r, day) = brief_new_with(root(), &spaced, &["--dir", path_str(briefings.path())], 0);
    assert_eq!(r.stderr, "");
    let text = fs::read_to_string(briefings.path().join(format!("{day}-new-briefing.yaml")))
        .expect("the new file");
    // The language server reads the address up to the first space, and `#` would start a
    // fragment: both are escaped.
    let address = format!(
        "file://{}/Application%20Support/brief%20%231/briefing.schema.json",
        data.path().display()
    );
    assert_eq!(
        text.lines().next(),
        Some(format!("# yaml-language-server: $schema={address}").as_str())
    );
    assert_eq!(
        fs::read_to_string(spaced.join("briefing.schema.json")).unwrap(),
        COMMITTED_SCHEMA
    );
}

#[test]
fn new_without_a_writable_data_folder_writes_the_briefing_without_a_schema() {
    let briefings = temp_dir();
    let data = temp_dir();
    // A file where the data folder should be: unwritable for anyone, root included.
    let blocked = data.path().join("not-a-folder");
    fs::write(&blocked, "x").expect("a file written");
    let (r, day) = brief_new_with(root(), &blocked, &["--dir", path_str(briefings.path())], 0);
    let path = briefings.path().join(format!("{day}-new-briefing.yaml"));
    assert_eq!(r.stdout, format!("{}\n", path.display()));
    assert!(
        r.stderr.starts_with(&format!(
            "brief: cannot write {}/briefing.schema.json: ",
            blocked.display()
        )) && r
            .stderr
            .ends_with("; the new briefing names no schema (`brief schema` prints it)\n"),
        "{}",
        r.stderr
    );
    let text = fs::read_to_string(&path).expect("the new file");
    assert!(!text.contains("$schema"), "{text}");
    run_ok(&["check", path_str(&path)], 0);
}

#[test]
fn new_aligns_the_comments_of_its_template() {
    let dir = temp_dir();
    let (_, day) = brief_new(root(), &["--dir", path_str(dir.path())], 0);
    let text =
        fs::read_to_string(dir.path().join(format!("{day}-new-briefing.yaml"))).expect("the file");
    // The column of each comment that follows a line's content (also in a commented-out line).
    let columns: Vec<(usize, &str)> = text
        .lines()
        .filter_map(|l| {
            let body = l.trim_start();
            let skip = l.len() - body.len() + usize::from(body.starts_with('#'));
            l[skip..]
                .find(" #")
                .map(|i| (l[..skip + i + 1].chars().count(), l))
        })
        .collect();
    assert!(columns.len() >= 10, "{text}");
    for (column, line) in &columns {
        assert_eq!(*column, columns[0].0, "{line:?} in:\n{text}");
    }
    assert!(
        text.contains(&format!(
            "\ndate: {day}                       # required: YYYY-MM-DD\n"
        )),
        "{text}"
    );
}

#[test]
fn json_outputs_leave_out_what_a_briefing_does_not_say() {
    let dir = temp_dir();
    fs::write(
        dir.path().join("2024-01-01-bare.yaml"),
        "title: Bare meeting\ndate: 2024-01-01\nparticipants:\n  - name: Solo Person\ntimeline:\n  - event: Something happened\noutcomes:\n  - summary: Nothing decided\n",
    )
    .expect("a briefing written");
    let d = path_str(dir.path());
    /// Every place in a JSON value where a string is empty.
    fn empty_strings(v: &serde_json::Value, at: &str, found: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if s.is_empty() => found.push(at.to_string()),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    empty_strings(item, &format!("{at}[{i}]"), found);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    empty_strings(item, &format!("{at}.{k}"), found);
                }
            }
            _ => {}
        }
    }
    for args in [
        &["list", d][..],
        &["show", "2024-01-01-bare", d],
        &["search", "solo", d],
        &["who", "solo", d],
        &["index", "people", d],
        &["timeline", d],
        &["export", "", d],
    ] {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let r = run_ok(&all, 0);
        let mut found = Vec::new();
        empty_strings(&r.json(), "", &mut found);
        assert!(
            found.is_empty(),
            "brief {all:?}: empty {found:?} in\n{}",
            r.stdout
        );
    }
    let r = run_ok(&["list", d, "--format", "json"], 0);
    assert_eq!(
        r.json(),
        json!([{
            "id": "2024-01-01-bare",
            "file": format!("{d}/2024-01-01-bare.yaml"),
            "date": "2024-01-01",
            "title": "Bare meeting"
        }])
    );
}

// ---------------------------------------------------------------------------------------------
// Known bug, reported to the lead: a title written as a folded block (`title: >`) keeps its
// trailing newline, and `who` and `timeline` print it as is, which breaks their lines. `brief
// check` accepts the file without a warning. Un-ignore once titles are printed on one line.

#[test]
fn a_folded_title_stays_on_its_line() {
    let dir = temp_dir();
    fs::write(
        dir.path().join("2024-01-01-folded.yaml"),
        "title: >\n  A long title\n  folded over lines\ndate: 2024-01-01\nparticipants:\n  - name: Probe Person\n    role: Tester\n",
    )
    .expect("a briefing written");
    let d = path_str(dir.path());
    let r = run_ok(&["who", "probe person", d], 0);
    assert_eq!(
        r.lines(),
        [
            "Probe Person — 1 meeting",
            "  2024-01-01  2024-01-01-folded  A long title folded over lines",
            "              Tester",
        ]
    );
    let r = run_ok(&["timeline", d], 0);
    assert_eq!(
        r.lines(),
        [
            "2024-01",
            "  2024-01-01        ■ A long title folded over lines  [2024-01-01-folded]",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The grammar: a query or name is never taken for a path, nor a path for a query

/// The exit status and standard error of `brief ARGS`, with nothing on standard output.
fn refused(args: &[&str]) -> String {
    let r = run_ok(args, 2);
    assert_eq!(r.stdout, "", "brief {args:?}");
    r.stderr
}

#[test]
fn index_reads_every_argument_as_a_folder() {
    // Once read as a query and a folder.
    let r = run_ok(&["index", "people", LOOKUPS, GOOD_FIXTURES], 0);
    assert_eq!(
        r.stderr,
        "brief: 7 briefings from tests/fixtures/lookups, tests/fixtures/good\n"
    );
    assert_eq!(r.lines()[0], "4  Jörg Weber", "{}", r.stdout);
    assert!(r.lines().contains(&"1  Kari Nordmann"), "{}", r.stdout);
    // One folder, as before.
    let r = run_ok(&["index", "countries", LOOKUPS], 0);
    assert_eq!(r.lines()[0], "3  Germany");
    assert_eq!(r.stderr, LOADED);
    // The query goes with -q, before or after the folders.
    let r = run_ok(&["index", "people", LOOKUPS, "-q", "zzqx"], 1);
    assert_eq!(
        r.stderr,
        format!("{LOADED}brief: no person matches `zzqx`\n")
    );
}

#[test]
fn timeline_reads_every_argument_as_a_folder() {
    // Once printed nothing: the first folder was read as a query.
    let r = run_ok(&["timeline", LOOKUPS, GOOD_FIXTURES], 0);
    assert_eq!(
        r.stderr,
        "brief: 7 briefings from tests/fixtures/lookups, tests/fixtures/good\n"
    );
    let lines = r.lines();
    assert!(lines.contains(&TIMELINE[1]), "{}", r.stdout);
    assert!(
        lines.contains(&"  2021-10-01        ■ Regional council meeting  [council-2021]"),
        "{}",
        r.stdout
    );
    // One folder, as before.
    assert_eq!(run_ok(&["timeline", LOOKUPS], 0).lines(), TIMELINE);
}

#[test]
fn a_query_where_a_folder_is_expected_is_refused_with_the_command_meant() {
    assert_eq!(
        refused(&["timeline", "who:weber", LOOKUPS]),
        "brief: no file or folder `who:weber`; to keep what matches a query, give it with -q: \
         brief timeline -q who:weber tests/fixtures/lookups\n"
    );
    assert_eq!(
        refused(&["index", "people", "jörg weber", LOOKUPS]),
        "brief: no file or folder `jörg weber`; to keep what matches a query, give it with -q: \
         brief index people -q 'jörg weber' tests/fixtures/lookups\n"
    );
    // The empty query that once meant "all".
    assert_eq!(
        refused(&["timeline", "", LOOKUPS]),
        "brief: no file or folder ``; leave it out: brief timeline tests/fixtures/lookups\n"
    );
    // A second word of a query left unquoted.
    assert_eq!(
        refused(&["search", "bourita", "energy", "briefings"]),
        "brief: no file or folder `energy`; a query of several words goes in quotes: \
         brief search 'bourita energy' briefings\n"
    );
    assert_eq!(
        refused(&["who", "jorg", "weber", LOOKUPS]),
        "brief: no file or folder `weber`; a name of several words goes in quotes: \
         brief who 'jorg weber' tests/fixtures/lookups\n"
    );
    assert_eq!(
        refused(&["timeline", "-q", "who:weber", "date:2024", LOOKUPS]),
        "brief: no file or folder `date:2024`; a query of several words goes in quotes: \
         brief timeline -q 'who:weber date:2024' tests/fixtures/lookups\n"
    );
    // A path that does not exist is still reported as unreadable.
    assert!(refused(&["timeline", MISSING]).contains("cannot read"));
}

#[test]
fn a_path_where_a_query_is_expected_is_refused_with_the_command_meant() {
    for (command, what, upper) in [
        (&["search"][..], "query", "QUERY"),
        (&["export", "--format", "json"][..], "query", "QUERY"),
        (&["who"][..], "name", "NAME"),
    ] {
        let name = command[0];
        // An existing folder given where the query or name goes.
        let mut args = command.to_vec();
        args.push(LOOKUPS);
        assert_eq!(
            refused(&args),
            format!(
                "brief: `{LOOKUPS}` is a file or folder, not a {what}; write the {what} first to \
                 look in it (brief {name} {upper} {LOOKUPS}), or give it with -q to mean it as \
                 the {what} (brief {name} -q {LOOKUPS})\n"
            ),
            "brief {args:?}"
        );
        // Something written as a path, even where there is none.
        let mut args = command.to_vec();
        args.extend(["./no-such-folder", LOOKUPS]);
        assert!(
            refused(&args).starts_with(&format!(
                "brief: `./no-such-folder` is written as a path, not a {what}; "
            )),
            "brief {args:?}"
        );
        // Nothing at all.
        assert_eq!(
            refused(command),
            format!("brief: `brief {name}` needs a {what}: brief {name} {upper} [PATH]...\n")
        );
    }
    // With -q, a word that is also a folder's name is the query: here the folder `briefings`
    // of the repository root.
    let r = run_ok(&["search", "-q", "briefings", LOOKUPS], 1);
    assert_eq!(r.stderr, LOADED);
    let r = run_ok(&["who", "-q", "weber", LOOKUPS], 0);
    assert_eq!(r.lines()[0], "Jörg Weber — 3 meetings");
    let r = run_ok(
        &["export", "-q", "who:weber", LOOKUPS, "--format", "json"],
        0,
    );
    assert_eq!(r.json().as_array().map(Vec::len), Some(3));
    // `show` takes an id or a file; a folder is named as one.
    assert_eq!(
        refused(&["show", LOOKUPS]),
        format!(
            "brief: 15 briefings from ./briefings\n\
             brief: `{LOOKUPS}` is a folder, not a briefing; name a briefing in it: \
             brief show ID {LOOKUPS}\n"
        )
    );
}

#[test]
fn the_readme_examples_of_refused_arguments_print_what_it_says() {
    let readme = fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("```console\n$ brief timeline who:bayramov briefings\n")
        .expect("the README's grammar examples");
    let block = &readme[start + "```console\n".len()..];
    let block = &block[..block.find("```").expect("the block's end")];
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(lines.len(), 4, "{block}");
    for pair in lines.chunks(2) {
        let command = pair[0].strip_prefix("$ brief ").expect("a command");
        let args = shlex::split(command).expect("shell words");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(
            refused(&args),
            format!("{}\n", pair[1]),
            "$ brief {command}"
        );
    }
}

#[test]
fn aliases_make_one_person_across_briefings_and_are_searched_as_names() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.yaml"),
        "title: Trade talks\ndate: 2024-01-01\nparticipants:\n  - name: Ito Akira\n    aliases: [伊藤 晃]\n    role: Minister\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("b.yaml"),
        "title: Port visit\ndate: 2023-01-01\nparticipants:\n  - name: 伊藤 晃\n    role: Vice-minister\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let r = run_ok(&["who", "ito", d], 0);
    assert_eq!(r.lines()[0], "Ito Akira — 2 meetings", "{}", r.stdout);
    assert!(
        r.stdout.contains("Port visit") && r.stdout.contains("Vice-minister"),
        "{}",
        r.stdout
    );
    let r = run_ok(&["who", "伊藤", d], 0);
    assert_eq!(r.lines()[0], "Ito Akira — 2 meetings", "{}", r.stdout);
    let r = run_ok(&["search", "who:伊藤", d], 0);
    let titles: Vec<&str> = r
        .lines()
        .into_iter()
        .filter(|l| !l.starts_with(' '))
        .collect();
    assert_eq!(titles.len(), 2, "{}", r.stdout);
    let corpus = Corpus::load(&Origin::Paths(vec![dir.path().to_path_buf()]));
    let index = EntityIndex::build(&corpus);
    let people: Vec<_> = index.of_kind(EntityKind::Person).collect();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].aliases, ["伊藤 晃"]);
}

#[test]
fn timeline_keeps_untimed_events_in_their_file_order_with_their_label() {
    // The bundled Panmunjom briefing: 15:45, 15:54, 16:04, then an event `at: afternoon`.
    let r = run_ok(
        &[
            "timeline",
            "briefings",
            "--from",
            "2019-06-30",
            "--to",
            "2019-06-30",
        ],
        0,
    );
    let at = |needle: &str| {
        r.lines()
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?}:\n{}", r.stdout))
    };
    assert!(at("15:45    Trump and Kim shake hands") < at("16:04    After brief remarks"));
    assert!(
        at("16:04    After brief remarks") < at("afternoon: With Moon beside him"),
        "the untimed event stays after the one before it in the file:\n{}",
        r.stdout
    );
}
