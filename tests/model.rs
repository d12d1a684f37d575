//! The loader on good and broken fixtures: messages, lines and columns as a user reads them.

use std::path::{Path, PathBuf};

use brief::model::{At, Corpus, Diagnostic, Origin, OutcomeKind, Severity, parse_file};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn load(rel: &str) -> Corpus {
    Corpus::load(&Origin::Paths(vec![fixture(rel)]))
}

/// The one diagnostic of a broken fixture file, as (line, column, severity, message).
fn only_diagnostic(name: &str) -> Diagnostic {
    let corpus = load(&format!("broken/{name}"));
    assert_eq!(corpus.diagnostics.len(), 1, "{:#?}", corpus.diagnostics);
    corpus.diagnostics[0].clone()
}

fn assert_diag(name: &str, line: usize, column: usize, severity: Severity, message: &str) {
    let d = only_diagnostic(name);
    assert_eq!(
        (d.line, d.column, d.severity),
        (line, column, severity),
        "{d}"
    );
    assert!(
        d.message.contains(message),
        "`{}` does not contain `{message}`",
        d.message
    );
    assert!(d.file.ends_with(name), "{}", d.file);
}

#[test]
fn good_fixtures_load_newest_first() {
    let corpus = load("good");
    assert!(corpus.diagnostics.is_empty(), "{:#?}", corpus.diagnostics);
    let ids: Vec<&str> = corpus.briefings.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["2024-03-06-trade-talks", "2023-02-03-bom", "council-2021"]
    );
}

#[test]
fn fields_are_read_as_written() {
    let corpus = load("good");
    let talks = &corpus.find("2024-03-06-trade-talks").unwrap().briefing;
    assert_eq!(talks.dates(), "2024-03-06..2024-03-07");
    assert_eq!(talks.place(), "Itamaraty Palace, Brasília, Brazil");
    assert_eq!(
        talks.timeline[0].at.as_ref().unwrap().to_string(),
        "2024-03-06T09:30"
    );
    assert!(matches!(talks.timeline[1].at, Some(At::Time(_))));
    assert_eq!(talks.timeline[2].at, Some(At::Text("morning".into())));
    assert_eq!(talks.outcomes[1].kind, Some(OutcomeKind::FollowUp));
    // `NO` is Norway, not a boolean.
    let council = &corpus.find("council-2021").unwrap().briefing;
    assert_eq!(council.place(), "NO");
}

#[test]
fn byte_order_mark_is_accepted() {
    let corpus = load("good/2023-02-03-bom.yaml");
    assert_eq!(corpus.briefings[0].briefing.title, "With a byte order mark");
}

#[test]
fn impossible_date_points_at_the_value() {
    assert_diag(
        "impossible-date.yaml",
        2,
        7,
        Severity::Error,
        "`2023-02-30` is not a real calendar date",
    );
}

#[test]
fn unknown_key_is_a_warning_with_a_suggestion() {
    assert_diag(
        "unknown-key.yaml",
        3,
        1,
        Severity::Warning,
        "unknown key `partcipants`, did you mean `participants`?",
    );
    // A warning does not keep the briefing out.
    assert_eq!(load("broken/unknown-key.yaml").briefings.len(), 1);
}

#[test]
fn missing_required_field() {
    assert_diag(
        "missing-name.yaml",
        4,
        5,
        Severity::Error,
        "missing field `name`",
    );
    assert_diag(
        "missing-title.yaml",
        1,
        1,
        Severity::Error,
        "missing field `title`",
    );
    assert_diag(
        "empty-title.yaml",
        1,
        8,
        Severity::Error,
        "`title` is empty",
    );
}

#[test]
fn syntax_error_shows_the_real_cause() {
    let d = only_diagnostic("syntax.yaml");
    assert_eq!((d.line, d.column), (2, 5));
    assert!(
        d.message.contains("did not find expected ',' or ']'"),
        "{d}"
    );
    assert!(
        !d.message.contains("invalid type"),
        "knock-on error shown: {d}"
    );
}

#[test]
fn semantic_errors() {
    assert_diag(
        "unknown-kind.yaml",
        5,
        11,
        Severity::Error,
        "unknown variant `treaty`",
    );
    assert_diag(
        "end-before-start.yaml",
        3,
        11,
        Severity::Error,
        "`end_date` 2023-02-01 is before `date` 2023-02-03",
    );
    assert_diag(
        "wrong-type.yaml",
        3,
        15,
        Severity::Error,
        "invalid type: integer `5`, expected a sequence",
    );
    assert_diag(
        "not-a-mapping.yaml",
        1,
        1,
        Severity::Error,
        "not a briefing",
    );
}

#[test]
fn timeline_names_must_be_participants() {
    assert_diag(
        "timeline-name.yaml",
        7,
        20,
        Severity::Warning,
        "`Naser Bourita` in the timeline is not one of the briefing's participants",
    );
    assert_eq!(
        only_diagnostic("timeline-name.yaml").hint.as_deref(),
        Some("did you mean `Nasser Bourita`?")
    );
}

#[test]
fn file_level_refusals() {
    assert_diag(
        "two-documents.yaml",
        3,
        1,
        Severity::Error,
        "more than one YAML document",
    );
    assert_diag("latin1.yaml", 1, 12, Severity::Error, "not valid UTF-8");
    assert_diag("binary.yaml", 1, 9, Severity::Error, "binary data");
}

#[test]
fn huge_files_are_refused_unread() {
    let big = format!(
        "title: x\ndate: 2023-01-01\nsummary: {}\n",
        "a".repeat(2 * 1024 * 1024)
    );
    let parsed = parse_file("big.yaml", big.as_bytes());
    assert!(parsed.briefing.is_none());
    assert!(
        parsed.diagnostics[0]
            .message
            .contains("over the 1048576-byte limit"),
        "{}",
        parsed.diagnostics[0]
    );
}

#[test]
fn deep_nesting_and_alias_bombs_are_refused_quickly() {
    let deep = format!("title: {}\ndate: 2023-01-01\n", "[".repeat(100_000));
    let started = std::time::Instant::now();
    let parsed = parse_file("deep.yaml", deep.as_bytes());
    assert!(
        parsed.diagnostics[0].message.contains("nested more than"),
        "{}",
        parsed.diagnostics[0]
    );
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    bomb.push_str("title: *i\ndate: 2023-01-01\n");
    let parsed = parse_file("bomb.yaml", bomb.as_bytes());
    assert!(parsed.briefing.is_none());
    assert_eq!(parsed.diagnostics[0].severity, Severity::Error);
    assert!(
        started.elapsed().as_secs() < 2,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn broken_files_never_hide_good_ones() {
    let corpus = load("mixed");
    let ids: Vec<&str> = corpus.briefings.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["b", "a"],
        "hidden folders and non-YAML files are skipped"
    );
    let messages: Vec<String> = corpus.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("mixed/c.yaml:2:1: error: did not find expected"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("mixed/sub/dup.yaml:1:1: error: duplicate id `a`:")
            && messages[1].contains("mixed/a.yaml:1 uses it too"),
        "{}",
        messages[1]
    );
}

#[test]
fn missing_path_is_an_io_error() {
    let corpus = Corpus::load(&Origin::Paths(vec![fixture("no-such-folder")]));
    assert!(corpus.has_io_errors());
    assert!(corpus.diagnostics[0].message.contains("cannot read"));
}

#[test]
fn origin_resolution_order() {
    let given = vec![PathBuf::from("x")];
    assert_eq!(
        Origin::resolve_with(&given, Some("a:b".into()), &fixture("good")),
        Origin::Paths(given)
    );
    assert_eq!(
        Origin::resolve_with(&[], Some("a:b".into()), &fixture("good")),
        Origin::EnvPath(vec!["a".into(), "b".into()])
    );
    assert_eq!(
        Origin::resolve_with(&[], None, &fixture("good")),
        Origin::LocalFolder(fixture("good"))
    );
    assert_eq!(
        Origin::resolve_with(&[], None, &fixture("absent")),
        Origin::Bundled
    );
}

#[test]
fn bundled_corpus_loads_without_problems() {
    let corpus = Corpus::load(&Origin::Bundled);
    assert!(
        corpus.briefings.len() >= 12,
        "{} bundled briefings",
        corpus.briefings.len()
    );
    assert!(corpus.diagnostics.is_empty(), "{:#?}", corpus.diagnostics);
    assert_eq!(corpus.source, "bundled briefings");
}

#[test]
fn seed_briefing_has_every_part_of_the_report() {
    let corpus = Corpus::load(&Origin::Bundled);
    let seed = &corpus
        .find("2023-11-14-azerbaijan-morocco-joint-commission")
        .expect("seed briefing")
        .briefing;
    assert_eq!(seed.date.to_string(), "2023-11-14");
    let names: Vec<&str> = seed.participants.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"Jeyhun Bayramov") && names.contains(&"Nasser Bourita"),
        "{names:?}"
    );
    assert!(
        seed.timeline.len() >= 6,
        "timeline: {}",
        seed.timeline.len()
    );
    assert!(seed.agenda.len() >= 8, "agenda: {}", seed.agenda.len());
    let signed = seed
        .outcomes
        .iter()
        .filter(|o| o.kind == Some(OutcomeKind::Agreement))
        .count();
    assert!(signed >= 4, "signed documents: {signed}");
    let all = serde_json::to_string(seed).unwrap();
    for fact in [
        "Heydar Aliyev",
        "1994",
        "Organisation of Islamic Cooperation",
        "Non-Aligned Movement",
        "energy",
        "logistics",
        "ecology",
        "protocol",
        "ports",
        "farms",
        "mine",
        "tourism",
        "Trend",
        "BAKU, Azerbaijan, November 14",
    ] {
        assert!(all.contains(fact), "the seed briefing lacks `{fact}`");
    }
}

/// Dates are read digit by digit for speed; chrono's own parser is the reference: every
/// YYYY-MM-DD string, real or not, gives the same date or the same refusal, and is written
/// back as it was read.
#[test]
fn dates_are_read_and_written_as_chronos_parser_and_formatter_do() {
    use brief::model::Date;
    use chrono::NaiveDate;
    let years = (0..=40).chain(1890..=2110).chain(9960..=9999);
    for year in years {
        for month in 0..=13 {
            for day in 0..=32 {
                let text = format!("{year:04}-{month:02}-{day:02}");
                let fast = Date::parse(&text).ok().map(|d| d.0);
                let reference = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
                assert_eq!(fast, reference, "{text}");
                if let Some(date) = fast {
                    assert_eq!(Date(date).to_string(), text);
                    assert_eq!(date.format("%Y-%m-%d").to_string(), text);
                }
            }
        }
    }
}

/// Timeline times are read with chrono's formats parsed once and a quick look for `:` and `-`
/// first; chrono's `parse_from_str`, tried in the same order, is the reference.
#[test]
fn timeline_times_are_read_as_chronos_parse_from_str_reads_them() {
    use brief::model::At;
    use chrono::{NaiveDateTime, NaiveTime};
    use proptest::prelude::*;
    fn reference(text: &str) -> At {
        let t = text.trim();
        if let Ok(d) = brief::model::Date::parse(t) {
            return At::Date(d.0);
        }
        for fmt in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(t, fmt) {
                return At::DateTime(dt);
            }
        }
        for fmt in ["%H:%M", "%H:%M:%S"] {
            if let Ok(tm) = NaiveTime::parse_from_str(t, fmt) {
                return At::Time(tm);
            }
        }
        At::Text(t.to_string())
    }
    let fixed = [
        "09:30",
        "9:30",
        "23:59:59",
        "24:00",
        "12:60",
        "2024-03-06T09:30",
        "2024-03-06T09:30:15",
        "2024-03-06 09:30",
        "2024-02-30T09:30",
        "2024-03-06",
        "morning",
        " 09:30 ",
        "",
        ":",
        "-:",
        "+2024-03-06T09:30",
        "2024-03-06T9:5",
        "09:30 local",
        "after 10:00",
        "10:00-11:00",
    ];
    for text in fixed {
        assert_eq!(At::parse(text), reference(text), "{text:?}");
    }
    // Strings made of the characters these formats are made of, in any order.
    let mut runner = proptest::test_runner::TestRunner::default();
    runner
        .run(&"[0-9:T +-]{0,20}", |text| {
            prop_assert_eq!(At::parse(&text), reference(&text), "{:?}", text);
            Ok(())
        })
        .unwrap();
    runner
        .run(
            &"[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?",
            |text| {
                prop_assert_eq!(At::parse(&text), reference(&text), "{:?}", text);
                Ok(())
            },
        )
        .unwrap();
}

/// Whether a list holds no room beyond its items.
#[allow(clippy::ptr_arg)] // The capacity is the point: a slice has none.
fn full<T>(list: &Vec<T>) -> bool {
    list.len() == list.capacity()
}

/// A list read from YAML holds its items and no more, whichever parse read it: the parser does
/// not say how long a list is, so a list grown item by item would keep room for more.
#[test]
fn lists_read_hold_no_room_beyond_their_items() {
    let mut text = String::from("title: T\ndate: 2024-01-01\ntags: [a, b, c, d, e]\n");
    for (list, item) in [
        ("participants", "name: Person N\n    aliases: [P, Q, R]"),
        (
            "timeline",
            "event: Event N\n    participants: [Person 0, Person 1, Person 2]",
        ),
        ("agenda", "topic: Topic N\n    tags: [x, y, z]"),
        ("outcomes", "summary: Outcome N\n    parties: [A, B, C]"),
    ] {
        text.push_str(&format!("{list}:\n"));
        for n in 0..5 {
            text.push_str(&format!("  - {}\n", item.replace('N', &n.to_string())));
        }
    }
    // The plain file is read in one pass; with an anchor, it takes the located path.
    let anchored = text.replacen("title: T", "title: &t T", 1);
    for text in [text, anchored] {
        let parsed = parse_file("lists.yaml", text.as_bytes());
        let b = parsed.briefing.expect("the briefing reads");
        assert!(full(&b.tags) && full(&b.participants) && full(&b.timeline));
        assert!(full(&b.agenda) && full(&b.outcomes));
        assert!(b.participants.iter().all(|p| full(&p.aliases)));
        assert!(b.timeline.iter().all(|e| full(&e.participants)));
        assert!(b.agenda.iter().all(|a| full(&a.tags)));
        assert!(b.outcomes.iter().all(|o| full(&o.parties)));
        assert_eq!(b.participants.len(), 5);
    }
}

/// Each required text left empty is named by its path and found at its value, with what to
/// write (the path is made only for a field that is empty).
#[test]
fn every_empty_required_text_is_named_by_its_path_where_it_is() {
    let yaml = "title: Talks\ndate: 2024-01-01\nparticipants:\n  - name: ''\n\
                timeline:\n  - at: '10:00'\n    event: ' '\nagenda:\n  - topic: ''\n\
                outcomes:\n  - summary: ''\n";
    let parsed = brief::model::parse_file("x.yaml", yaml.as_bytes());
    let said: Vec<(usize, usize, String, Option<String>)> = parsed
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.message.clone(), d.hint.clone()))
        .collect();
    let hint = |what: &str| Some(format!("write the {what}, or remove the entry"));
    assert_eq!(
        said,
        [
            (
                4,
                11,
                "`participants.0.name` is empty".into(),
                hint("person's name")
            ),
            (7, 12, "`timeline.0.event` is empty".into(), hint("event")),
            (9, 12, "`agenda.0.topic` is empty".into(), hint("topic")),
            (
                11,
                14,
                "`outcomes.0.summary` is empty".into(),
                hint("outcome")
            ),
        ]
    );
}
