//! The `brief` binary as a user runs it: what it prints on standard output and standard error,
//! and the exit status of each command.
//!
//! Every command runs with `BRIEF_PATH` removed and, unless a test says otherwise, with the
//! repository root as its working directory, so fixture paths are written as a user would type
//! them (`tests/fixtures/good`) and appear in the output exactly like that.

mod common;

use std::fs;
use std::path::PathBuf;

use common::run::*;
use predicates::prelude::*;

const GOOD: &str = "tests/fixtures/good";
const BROKEN: &str = "tests/fixtures/broken";
const MIXED: &str = "tests/fixtures/mixed";
const SEED: &str = "2023-11-14-azerbaijan-morocco-joint-commission";

/// `brief list tests/fixtures/good`, line by line.
const GOOD_LIST: [&str; 3] = [
    "2024-03-06  2024-03-06-trade-talks  Trade talks in Brasília  (Itamaraty Palace, Brasília, Brazil)",
    "2023-02-03  2023-02-03-bom          With a byte order mark",
    "2021-10-01  council-2021            Regional council meeting  (NO)",
];

/// The briefing files of the repository's `briefings/` folder.
fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("briefings"))
        .expect("briefings/")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

// ---------------------------------------------------------------------------------------------
// brief list

#[test]
fn list_prints_one_aligned_line_per_briefing_newest_first() {
    let r = run_ok(&["list", GOOD], 0);
    assert_eq!(r.lines(), GOOD_LIST);
    assert_eq!(r.stderr, "brief: 3 briefings from tests/fixtures/good\n");
}

#[test]
fn list_as_json_has_every_field_in_order() {
    let r = run_ok(&["list", GOOD, "--format", "json"], 0);
    assert_eq!(r.stderr, "brief: 3 briefings from tests/fixtures/good\n");
    let rows = r.json();
    assert_eq!(
        ids(&rows),
        ["2024-03-06-trade-talks", "2023-02-03-bom", "council-2021"]
    );
    assert_eq!(
        rows[0],
        serde_json::json!({
            "id": "2024-03-06-trade-talks",
            "file": "tests/fixtures/good/2024-03-06-trade-talks.yaml",
            "date": "2024-03-06",
            "end_date": "2024-03-07",
            "title": "Trade talks in Brasília",
            "location": "Itamaraty Palace, Brasília, Brazil"
        })
    );
    assert_eq!(
        printed_keys(&r.stdout, 4),
        ["id", "file", "date", "end_date", "title", "location"],
        "field order"
    );
    // `end_date` and `location` only where the briefing has them: no empty string for "none".
    assert_eq!(
        rows[1],
        serde_json::json!({
            "id": "2023-02-03-bom",
            "file": "tests/fixtures/good/2023-02-03-bom.yaml",
            "date": "2023-02-03",
            "title": "With a byte order mark"
        })
    );
    assert!(!r.stdout.contains("\"\""), "no empty string:\n{}", r.stdout);
    // The id comes from the file's `id` key, not its name.
    assert_eq!(
        rows[2]["file"],
        "tests/fixtures/good/2021-10-01-council.yaml"
    );
    assert_eq!(rows[2]["location"], "NO", "`NO` is Norway, not a boolean");
}

#[test]
fn list_of_one_file() {
    let r = run_ok(&["list", "tests/fixtures/good/2021-10-01-council.yaml"], 0);
    assert_eq!(
        r.lines(),
        ["2021-10-01  council-2021  Regional council meeting  (NO)"],
        "the id column is as wide as the longest id listed"
    );
    assert!(
        r.stderr.starts_with("brief: 1 briefing")
            && r.stderr
                .ends_with(" from tests/fixtures/good/2021-10-01-council.yaml\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn list_of_one_briefing_uses_the_singular() {
    let r = run_ok(&["list", "tests/fixtures/good/2021-10-01-council.yaml"], 0);
    assert_eq!(
        r.stderr,
        "brief: 1 briefing from tests/fixtures/good/2021-10-01-council.yaml\n"
    );
}

#[test]
fn list_of_several_paths_merges_them() {
    let r = run_ok(
        &[
            "list",
            "tests/fixtures/good/2021-10-01-council.yaml",
            "tests/fixtures/good/2024-03-06-trade-talks.yaml",
        ],
        0,
    );
    let ids: Vec<&str> = r
        .lines()
        .iter()
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(ids, ["2024-03-06-trade-talks", "council-2021"]);
    assert_eq!(
        r.stderr,
        "brief: 2 briefings from tests/fixtures/good/2021-10-01-council.yaml, \
         tests/fixtures/good/2024-03-06-trade-talks.yaml\n"
    );
}

#[test]
fn list_skips_broken_files_and_says_so() {
    let r = run_ok(&["list", MIXED], 0);
    assert_eq!(
        r.lines(),
        ["2022-01-02  b  Good two", "2022-01-01  a  Good one"]
    );
    assert_eq!(
        r.stderr,
        "brief: 2 briefings from tests/fixtures/mixed; 2 problems kept some files out \
         (see `brief check`)\n"
    );
}

#[test]
fn list_breaks_date_ties_by_id() {
    let dir = temp_dir();
    fs::write(
        dir.path().join("zeta.yaml"),
        "title: Later id\ndate: 2022-05-05\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("alpha.yml"),
        "title: Earlier id\ndate: 2022-05-05\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("old.yaml"),
        "title: Older\ndate: 2001-01-01\n",
    )
    .unwrap();
    let r = run(brief_in(dir.path()).args(["list", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.lines(),
        [
            "2022-05-05  alpha  Earlier id",
            "2022-05-05  zeta   Later id",
            "2001-01-01  old    Older",
        ]
    );
}

#[test]
fn list_of_an_empty_folder_is_empty() {
    let dir = temp_dir();
    let r = run(brief_in(dir.path()).args(["list", "."]));
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(r.stderr, "brief: 0 briefings from .\n");
    let r = run(brief_in(dir.path()).args(["list", ".", "--format", "json"]));
    assert_eq!(r.code, 0);
    assert_eq!(r.json(), serde_json::json!([]));
}

#[test]
fn list_of_a_missing_path_exits_2() {
    let r = run_ok(&["list", "tests/fixtures/no-such-folder"], 2);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "tests/fixtures/no-such-folder: error: cannot read: No such file or directory (os error 2)\n\
         brief: 0 briefings from tests/fixtures/no-such-folder; 1 problem kept some files out \
         (see `brief check`)\n"
    );
}

#[test]
fn list_in_the_repository_root_reads_its_briefings_folder() {
    let r = run_ok(&["list"], 0);
    assert_eq!(r.lines().len(), corpus_files().len());
    assert_eq!(r.stderr, "brief: 15 briefings from ./briefings\n");
}

#[test]
fn list_without_a_briefings_folder_uses_the_bundled_corpus() {
    let dir = temp_dir();
    let r = run(brief_in(dir.path()).arg("list"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "brief: 15 briefings from bundled briefings\n");
    let lines = r.lines();
    assert_eq!(lines.len(), 15);
    assert_eq!(
        lines[0],
        "2025-08-08  2025-08-08-armenia-azerbaijan-washington-peace-summit           \
         Armenia–Azerbaijan peace summit at the White House  \
         (White House, Washington, D.C., United States)"
    );
    assert_eq!(
        lines[14],
        "2019-06-30  2019-06-30-trump-kim-moon-panmunjom-meeting                     \
         Trump–Kim meeting at Panmunjom, with Moon Jae-in  \
         (Freedom House, Panmunjom, South Korea)"
    );
    let seed = lines
        .iter()
        .find(|l| l.contains(SEED))
        .expect("the seed briefing is listed");
    assert!(seed.starts_with("2023-11-14  "), "{seed}");
    assert!(seed.ends_with("  (Morocco)"), "{seed}");
    // The bundled corpus is the repository's `briefings/` folder, compiled in: same ids, same
    // file labels, same order.
    let bundled = run(brief_in(dir.path()).args(["list", "--format", "json"]));
    let local = run_ok(&["list", "briefings", "--format", "json"], 0);
    assert_eq!(bundled.json(), local.json());
    let mut stems: Vec<String> = corpus_files()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(
        ids(&bundled.json()),
        stems,
        "ids are file names, newest first"
    );
}

#[test]
fn list_reads_the_folders_of_brief_path() {
    let dir = temp_dir();
    let good = root().join(GOOD);
    let r = run(brief_in(dir.path()).arg("list").env("BRIEF_PATH", &good));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.lines(), GOOD_LIST);
    assert_eq!(
        r.stderr,
        format!("brief: 3 briefings from BRIEF_PATH ({})\n", good.display())
    );
}

#[test]
fn brief_path_holds_several_folders() {
    let dir = temp_dir();
    let good = root().join(GOOD);
    let mixed = root().join(MIXED);
    let joined = std::env::join_paths([&good, &mixed]).unwrap();
    let r = run(brief_in(dir.path())
        .args(["list", "--format", "json"])
        .env("BRIEF_PATH", &joined));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        ids(&r.json()),
        [
            "2024-03-06-trade-talks",
            "2023-02-03-bom",
            "b",
            "a",
            "council-2021"
        ]
    );
    assert!(
        r.stderr.starts_with(&format!(
            "brief: 5 briefings from BRIEF_PATH ({}, {})",
            good.display(),
            mixed.display()
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn brief_path_wins_over_the_briefings_folder_and_paths_win_over_both() {
    let good = root().join(GOOD);
    let r = run(brief().arg("list").env("BRIEF_PATH", &good));
    assert_eq!(r.lines(), GOOD_LIST);
    let r = run(brief().args(["list", MIXED]).env("BRIEF_PATH", &good));
    assert_eq!(r.lines().len(), 2);
    assert!(
        r.stderr.contains("from tests/fixtures/mixed"),
        "{}",
        r.stderr
    );
}

#[test]
fn empty_brief_path_is_ignored() {
    let dir = temp_dir();
    let r = run(brief_in(dir.path()).arg("list").env("BRIEF_PATH", ""));
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "brief: 15 briefings from bundled briefings\n");
}

#[test]
fn a_local_briefings_folder_wins_over_the_bundled_corpus() {
    let dir = temp_dir();
    fs::create_dir(dir.path().join("briefings")).unwrap();
    fs::copy(
        root().join("tests/fixtures/good/2021-10-01-council.yaml"),
        dir.path().join("briefings/council.yaml"),
    )
    .unwrap();
    let r = run(brief_in(dir.path()).arg("list"));
    assert_eq!(r.code, 0);
    assert_eq!(
        r.lines(),
        ["2021-10-01  council-2021  Regional council meeting  (NO)"]
    );
    assert!(r.stderr.ends_with(" from ./briefings\n"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// brief show

const TRADE_TALKS_TEXT: &str = "\
Trade talks in Brasília
2024-03-06..2024-03-07 · Itamaraty Palace, Brasília, Brazil
tags: trade, bilateral
id: 2024-03-06-trade-talks
file: tests/fixtures/good/2024-03-06-trade-talks.yaml

Summary
  Two days of talks on tariffs and a customs agreement.

Sources
  - Example Wire, BRASÍLIA, March 7, 2024-03-07

Participants
  - Jörg Weber — State Secretary, Federal Ministry for Economic Affairs, Germany
    (delegation: Germany)
  - Ana Souza — Vice Minister of Foreign Trade, Brazil (delegation: Brazil)

Timeline
  1. [2024-03-06 09:30] Opening plenary (with: Jörg Weber, Ana Souza)
  2. [14:00] Working groups on tariffs
  3. [morning] Signing ceremony (with: Ana Souza)

Agenda
  - Tariffs on machinery
    Reduction schedule discussed.
  - Customs cooperation

Outcomes
  - [agreement, signed] Customs cooperation agreement
    parties: Germany, Brazil
  - [follow-up, due 2024-06-30] Expert group to report on tariffs
";

#[test]
fn show_prints_the_whole_briefing_as_text() {
    let r = run_ok(&["show", "2024-03-06-trade-talks", GOOD], 0);
    assert_eq!(r.stdout, TRADE_TALKS_TEXT);
    assert_eq!(r.stderr, "brief: 3 briefings from tests/fixtures/good\n");
}

#[test]
fn show_of_a_small_briefing_leaves_out_empty_sections() {
    let r = run_ok(&["show", "council-2021", GOOD], 0);
    assert_eq!(
        r.stdout,
        "Regional council meeting\n\
         2021-10-01 · NO\n\
         id: council-2021 · file: tests/fixtures/good/2021-10-01-council.yaml\n\
         \n\
         Participants\n  \
         - Kari Nordmann\n"
    );
    let r = run_ok(&["show", "2023-02-03-bom", GOOD], 0);
    assert_eq!(
        r.stdout,
        "With a byte order mark\n\
         2023-02-03\n\
         id: 2023-02-03-bom · file: tests/fixtures/good/2023-02-03-bom.yaml\n"
    );
}

#[test]
fn show_as_markdown() {
    let r = run_ok(
        &[
            "show",
            "2024-03-06-trade-talks",
            GOOD,
            "--format",
            "markdown",
        ],
        0,
    );
    let md = r.stdout.as_str();
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "# Trade talks in Brasília");
    assert_eq!(lines[1], "");
    // Two trailing spaces: a Markdown line break.
    assert_eq!(
        lines[2],
        "2024-03-06..2024-03-07 · Itamaraty Palace, Brasília, Brazil  "
    );
    assert_eq!(lines[3], "tags: trade, bilateral  ");
    assert!(md.contains("\n\nTwo days of talks on tariffs and a customs agreement.\n"));
    let headings: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with('#'))
        .collect();
    assert_eq!(
        headings,
        [
            "# Trade talks in Brasília",
            "## Sources",
            "## Participants",
            "## Timeline",
            "## Agenda",
            "## Outcomes"
        ]
    );
    for block in [
        "## Sources\n\n- Example Wire, BRASÍLIA, March 7, 2024-03-07\n",
        "## Timeline\n\n\
         1. \\[2024-03-06 09:30\\] Opening plenary (with: Jörg Weber, Ana Souza)\n\
         2. \\[14:00\\] Working groups on tariffs\n\
         3. \\[morning\\] Signing ceremony (with: Ana Souza)\n",
        "## Agenda\n\n\
         - **Tariffs on machinery**\n  \
         Reduction schedule discussed.\n\
         - **Customs cooperation**\n",
        "## Outcomes\n\n\
         - *agreement, signed*: Customs cooperation agreement\n  \
         Parties: Germany, Brazil\n\
         - *follow-up, due 2024-06-30*: Expert group to report on tariffs\n",
    ] {
        assert!(md.contains(block), "missing:\n{block}\nin:\n{md}");
    }
    assert!(md.contains("\n## Participants\n\n- **Jörg Weber**"), "{md}");
    assert!(md.contains("\n- **Ana Souza**"), "{md}");
    assert!(md.ends_with("tariffs\n"), "{md}");
}

/// A briefing whose fields are longer than a line, with CJK text (two columns a character) and
/// literal line breaks (`|`).
const LONG: &str = "\
id: long
title: Talks on the long-term cooperation between the ministries of two neighbouring countries
date: 2024-03-06
location:
  venue: Palace of the Republic and its conference centre
  city: Baku
  country: Azerbaijan
summary: |
  First line of a literal block, long enough to wrap at forty and at eighty columns for sure.
  Second line, kept as its own line.
tags: [bilateral, cooperation, neighbourhood, ministries, long-term, 日本語, 外務大臣会談]
sources:
  - publisher: 共同通信 Kyodo News Agency international service
    published: 2024-03-07
participants:
  - name: 山田 太郎
    role: 外務大臣 国際協力 担当 and head of the delegation of Japan
    organization: Ministry of Foreign Affairs
    notes: |
      He arrived a day early.
      He left before the closing session ended.
timeline:
  - at: 2024-03-06T09:30
    event: Opening plenary with statements by both heads of delegation about the agenda
    participants: [山田 太郎]
agenda:
  - topic: Economic cooperation between the two countries in energy, transport, ports and railways
    summary: Both sides discussed pipelines, ports, railways and the customs procedures between them.
    tags: [energy, transport, customs, pipelines, ports, railways, tariffs, standards]
outcomes:
  - summary: Memorandum of understanding on cooperation in energy, transport and customs
    kind: agreement
    status: signed
    parties: [Azerbaijan, Japan, the Ministry of Foreign Affairs, the Ministry of Energy]
";

/// `brief show long` over a folder holding [`LONG`], with these extra arguments.
fn show_long(extra: &[&str]) -> String {
    let dir = temp_dir();
    fs::write(dir.path().join("long.yaml"), LONG).unwrap();
    let r = run(brief_in(dir.path()).args(["show", "long", "."]).args(extra));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn show_wraps_at_word_boundaries_to_the_width_with_hanging_indents() {
    let unwrapped = show_long(&["--width", "1000"]);
    let words: Vec<&str> = unwrapped.split_whitespace().collect();
    for width in [40, 80] {
        let text = show_long(&["--width", &width.to_string()]);
        let lines: Vec<&str> = text.lines().collect();
        for line in &lines {
            let columns = textwrap::core::display_width(line);
            assert!(
                columns <= width,
                "a line of {columns} columns at width {width}: {line:?}\n{text}"
            );
            assert_eq!(*line, line.trim_end(), "no trailing spaces");
        }
        // Only the spaces between words changed: no word was split.
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            words,
            "at width {width}:\n{text}"
        );
        // A line too long for the width goes on under the text after its label or marker.
        let mut wrapped = 0;
        for (first, indent) in [
            ("2024-03-06 · Palace", 13),
            ("tags: bilateral", 6),
            ("  - 山田 太郎 — ", 4),
            ("  1. [2024-03-06 09:30] Opening plenary", 5),
            ("  - Economic cooperation", 4),
            ("    tags: energy", 10),
            ("  - [agreement, signed] Memorandum", 4),
            ("    parties: Azerbaijan", 13),
        ] {
            let whole = unwrapped.lines().find(|l| l.starts_with(first)).unwrap();
            if textwrap::core::display_width(whole) <= width {
                continue;
            }
            wrapped += 1;
            let at = lines.iter().position(|l| l.starts_with(first)).unwrap();
            let next = lines[at + 1];
            assert!(
                next.starts_with(&" ".repeat(indent)) && !next[indent..].starts_with(' '),
                "{next:?} should be indented {indent} under {first:?}:\n{text}"
            );
        }
        assert!(
            wrapped >= 7,
            "at {width}, {wrapped} blocks wrapped:\n{text}"
        );
    }
    // The literal block's line breaks stay, each line indented as its paragraph.
    let text = show_long(&["--width", "80"]);
    assert!(
        text.contains(
            "\nSummary\n  First line of a literal block, long enough to wrap at forty and at eighty\n  \
             columns for sure.\n  Second line, kept as its own line.\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "\n    He arrived a day early.\n    He left before the closing session ended.\n"
        ),
        "{text}"
    );
}

#[test]
fn show_at_40_columns() {
    assert_eq!(
        show_long(&["--width", "40"]),
        "\
Talks on the long-term cooperation
between the ministries of two
neighbouring countries
2024-03-06 · Palace of the Republic and
             its conference centre,
             Baku, Azerbaijan
tags: bilateral, cooperation,
      neighbourhood, ministries,
      long-term, 日本語, 外務大臣会談
id: long · file: ./long.yaml

Summary
  First line of a literal block, long
  enough to wrap at forty and at eighty
  columns for sure.
  Second line, kept as its own line.

Sources
  - 共同通信 Kyodo News Agency
    international service, 2024-03-07

Participants
  - 山田 太郎 — 外務大臣 国際協力 担当
    and head of the delegation of Japan,
    Ministry of Foreign Affairs
    He arrived a day early.
    He left before the closing session
    ended.

Timeline
  1. [2024-03-06 09:30] Opening plenary
     with statements by both heads of
     delegation about the agenda (with:
     山田 太郎)

Agenda
  - Economic cooperation between the two
    countries in energy, transport,
    ports and railways
    Both sides discussed pipelines,
    ports, railways and the customs
    procedures between them.
    tags: energy, transport, customs,
          pipelines, ports, railways,
          tariffs, standards

Outcomes
  - [agreement, signed] Memorandum of
    understanding on cooperation in
    energy, transport and customs
    parties: Azerbaijan, Japan, the
             Ministry of Foreign
             Affairs, the Ministry of
             Energy
"
    );
}

#[test]
fn show_wraps_to_80_columns_off_a_terminal_and_refuses_a_tiny_width() {
    assert_eq!(show_long(&[]), show_long(&["--width", "80"]));
    let r = run_ok(&["show", "council-2021", GOOD, "--width", "5"], 2);
    assert!(
        r.stderr.contains("invalid value '5' for '--width <N>'"),
        "{}",
        r.stderr
    );
}

#[test]
fn show_wraps_control_characters_as_the_terminal_shows_them() {
    let dir = temp_dir();
    fs::write(
        dir.path().join("x.yaml"),
        "title: \"\\e]0;owned\\a\\e]0;owned\\a\\e]0;owned\\a \\u202Eevil\\u202E\"\ndate: 2022-02-02\n",
    )
    .unwrap();
    let r = run(brief_in(dir.path()).args(["show", "x", ".", "--width", "20"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.lines()[..3],
        [
            "^[]0;owned^G^[]0;own",
            "ed^G^[]0;owned^G",
            "<U+202E>evil<U+202E>"
        ],
        "measured in their visible form, so no line is wider than asked"
    );
}

#[test]
fn show_as_markdown_keeps_the_line_breaks_of_the_briefing() {
    let md = show_long(&["--format", "markdown"]);
    // A line break inside a paragraph is a Markdown hard break (two spaces); lines inside a
    // list item are indented so that they stay in it.
    assert!(
        md.contains(
            "\n\nFirst line of a literal block, long enough to wrap at forty and at eighty columns \
             for sure.  \n\
             Second line, kept as its own line.\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("\n  He arrived a day early.  \n  He left before the closing session ended.\n"),
        "{md}"
    );
    // Not wrapped: a long line stays one line.
    assert!(
        md.contains(
            "\n1. \\[2024-03-06 09:30\\] Opening plenary with statements by both heads of \
             delegation about the agenda (with: 山田 太郎)\n"
        ),
        "{md}"
    );
    // The width is for text only.
    assert_eq!(show_long(&["--format", "markdown", "--width", "40"]), md);
}

#[test]
fn show_as_markdown_separates_name_and_role() {
    let r = run_ok(
        &[
            "show",
            "2024-03-06-trade-talks",
            GOOD,
            "--format",
            "markdown",
        ],
        0,
    );
    assert!(
        r.stdout.contains(
            "- **Jörg Weber** — State Secretary, Federal Ministry for Economic Affairs, Germany \
             (delegation: Germany)\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn show_as_markdown_escapes_markdown_characters() {
    let dir = temp_dir();
    fs::write(
        dir.path().join("x.yaml"),
        "title: \"A *bold* [link] #1 <b> under_score\"\ndate: 2022-02-02\n",
    )
    .unwrap();
    let r = run(brief_in(dir.path()).args(["show", "x", ".", "--format", "markdown"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.lines()[0],
        r"# A \*bold\* \[link\] \#1 \<b\> under\_score"
    );
}

#[test]
fn show_as_json_uses_the_format_field_names() {
    let r = run_ok(
        &["show", "2024-03-06-trade-talks", GOOD, "--format", "json"],
        0,
    );
    let v = r.json();
    assert_eq!(
        printed_keys(&r.stdout, 2),
        [
            "id",
            "file",
            "title",
            "date",
            "end_date",
            "location",
            "summary",
            "tags",
            "sources",
            "participants",
            "timeline",
            "agenda",
            "outcomes"
        ]
    );
    assert_eq!(v["id"], "2024-03-06-trade-talks");
    assert_eq!(v["file"], "tests/fixtures/good/2024-03-06-trade-talks.yaml");
    assert_eq!(v["date"], "2024-03-06");
    assert_eq!(v["end_date"], "2024-03-07");
    assert_eq!(
        v["location"],
        serde_json::json!({"venue": "Itamaraty Palace", "city": "Brasília", "country": "Brazil"})
    );
    assert_eq!(v["tags"], serde_json::json!(["trade", "bilateral"]));
    assert_eq!(
        v["sources"][0],
        serde_json::json!({
            "publisher": "Example Wire",
            "dateline": "BRASÍLIA, March 7",
            "published": "2024-03-07"
        })
    );
    assert_eq!(
        v["participants"][0],
        serde_json::json!({
            "name": "Jörg Weber",
            "role": "State Secretary",
            "organization": "Federal Ministry for Economic Affairs",
            "country": "Germany",
            "delegation": "Germany"
        })
    );
    let at: Vec<&str> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    assert_eq!(at, ["2024-03-06T09:30", "14:00", "morning"]);
    assert_eq!(
        v["timeline"][0]["participants"],
        serde_json::json!(["Jörg Weber", "Ana Souza"])
    );
    assert_eq!(
        v["agenda"][1],
        serde_json::json!({"topic": "Customs cooperation"})
    );
    assert_eq!(
        v["outcomes"],
        serde_json::json!([
            {
                "summary": "Customs cooperation agreement",
                "kind": "agreement",
                "parties": ["Germany", "Brazil"],
                "status": "signed"
            },
            {
                "summary": "Expert group to report on tariffs",
                "kind": "follow-up",
                "due": "2024-06-30"
            }
        ])
    );
}

#[test]
fn show_as_json_of_a_briefing_with_its_own_id() {
    let r = run_ok(&["show", "council-2021", GOOD, "--format", "json"], 0);
    let v = r.json();
    assert_eq!(v["id"], "council-2021");
    assert_eq!(v["file"], "tests/fixtures/good/2021-10-01-council.yaml");
    assert_eq!(v["location"], serde_json::json!({"country": "NO"}));
    assert_eq!(
        v["participants"],
        serde_json::json!([{"name": "Kari Nordmann"}])
    );
}

#[test]
fn show_as_json_writes_each_key_once() {
    let r = run_ok(&["show", "council-2021", GOOD, "--format", "json"], 0);
    assert_eq!(
        r.stdout.matches("\"id\":").count(),
        1,
        "duplicate keys:\n{}",
        r.stdout
    );
}

#[test]
fn show_a_file_without_naming_a_folder() {
    let r = run_ok(
        &["show", "tests/fixtures/good/2024-03-06-trade-talks.yaml"],
        0,
    );
    assert_eq!(r.stdout, TRADE_TALKS_TEXT);
    assert!(
        r.stderr
            .ends_with(" from tests/fixtures/good/2024-03-06-trade-talks.yaml\n"),
        "{}",
        r.stderr
    );
    // A file whose `id` differs from its name.
    let r = run_ok(&["show", "tests/fixtures/good/2021-10-01-council.yaml"], 0);
    assert!(
        r.stdout.starts_with("Regional council meeting\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn show_a_file_inside_the_folders_named() {
    // The same file spelled differently from the folder walk still matches.
    let r = run_ok(
        &[
            "show",
            "./tests/fixtures/good/2024-03-06-trade-talks.yaml",
            GOOD,
        ],
        0,
    );
    assert_eq!(r.stdout, TRADE_TALKS_TEXT);
}

#[test]
fn show_from_the_bundled_corpus() {
    let dir = temp_dir();
    let r = run(brief_in(dir.path()).args(["show", SEED]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = r.lines();
    // Too long for one line at 80 columns, the id and the file get one each.
    let id_line = format!("id: {SEED}");
    let file_line = format!("file: briefings/{SEED}.yaml");
    assert_eq!(
        lines[..7],
        [
            "Bayramov–Bourita talks and 2nd session of the Azerbaijan–Morocco joint",
            "commission",
            "2023-11-14 · Morocco",
            "tags: bilateral, joint-commission, azerbaijan, morocco, signing,",
            "      foreign-ministers, official-visit",
            id_line.as_str(),
            file_line.as_str(),
        ]
    );
    for section in ["Summary", "Participants", "Timeline", "Agenda", "Outcomes"] {
        assert!(lines.contains(&section), "no {section} section");
    }
    assert_eq!(r.stderr, "brief: 15 briefings from bundled briefings\n");
    // The file label of a bundled briefing finds it too, even with no such file on disk.
    let file = format!("briefings/{SEED}.yaml");
    let by_file = run(brief_in(dir.path()).args(["show", &file]));
    assert_eq!(by_file.code, 0, "{}", by_file.stderr);
    assert_eq!(by_file.stdout, r.stdout);
}

#[test]
fn show_of_an_unknown_id_suggests_the_nearest() {
    let r = run_ok(&["show", "council-2012", GOOD], 1);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "brief: 3 briefings from tests/fixtures/good\n\
         brief: no briefing `council-2012` in tests/fixtures/good; did you mean `council-2021`?\n"
    );
    let dir = temp_dir();
    let r =
        run(brief_in(dir.path()).args(["show", "2023-11-14-azerbaijan-morocco-joint-commision"]));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .ends_with(&format!("in bundled briefings; did you mean `{SEED}`?\n")),
        "{}",
        r.stderr
    );
}

#[test]
fn show_of_a_far_miss_points_at_brief_list() {
    let r = run_ok(&["show", "zzzzzzzzzzzz", GOOD], 1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.ends_with(
            "brief: no briefing `zzzzzzzzzzzz` in tests/fixtures/good; `brief list` shows the ids\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn show_of_a_broken_file_prints_its_problem() {
    let r = run_ok(&["show", "tests/fixtures/broken/syntax.yaml"], 1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains(
            "\ntests/fixtures/broken/syntax.yaml:2:5: error: did not find expected ',' or ']'"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\n  hint: "), "{}", r.stderr);
}

#[test]
fn show_without_a_briefing_is_a_usage_error() {
    brief()
        .arg("show")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "the following required arguments were not provided",
        ))
        .stderr(predicate::str::contains(
            "Usage: brief show <BRIEFING> [PATHS]...",
        ));
    brief()
        .args(["show", "council-2021", GOOD, "--format", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "[possible values: text, json, markdown]",
        ));
}

// ---------------------------------------------------------------------------------------------
// brief check

/// A diagnostic line split into (file, line, column, severity, message), or `None` for other lines.
fn diagnostic(line: &str) -> Option<(&str, usize, usize, &str, &str)> {
    let (location, rest) = line.split_once(": ")?;
    let (severity, message) = rest.split_once(": ")?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let row = parts.next()?.parse().ok()?;
    let file = parts.next()?;
    matches!(severity, "error" | "warning").then_some((file, row, column, severity, message))
}

#[test]
fn check_of_good_files_exits_0() {
    let r = run_ok(&["check", GOOD], 0);
    assert_eq!(
        r.lines(),
        [
            "checking tests/fixtures/good",
            "3 briefings, 0 errors, 0 warnings"
        ]
    );
}

#[test]
fn check_of_the_repository_corpus_is_clean() {
    let r = run_ok(&["check"], 0);
    assert_eq!(
        r.lines(),
        ["checking ./briefings", "15 briefings, 0 errors, 0 warnings"]
    );
    let dir = temp_dir();
    let r = run(brief_in(dir.path()).arg("check"));
    assert_eq!(r.code, 0);
    assert_eq!(
        r.lines(),
        [
            "checking bundled briefings",
            "15 briefings, 0 errors, 0 warnings"
        ]
    );
}

#[test]
fn check_of_broken_files_reports_each_problem_like_a_compiler() {
    let r = run_ok(&["check", BROKEN], 1);
    let lines = r.lines();
    assert_eq!(lines[0], "checking tests/fixtures/broken");
    assert_eq!(
        *lines.last().unwrap(),
        "2 briefings, 12 errors, 2 warnings",
        "the summary comes last"
    );
    // Every line between is a diagnostic or the hint under one.
    let mut diags = Vec::new();
    for (i, l) in lines[1..lines.len() - 1].iter().enumerate() {
        if let Some(d) = diagnostic(l) {
            assert!(
                d.0.starts_with("tests/fixtures/broken/") && d.0.ends_with(".yaml"),
                "{l}"
            );
            diags.push(d);
        } else {
            assert!(l.starts_with("  hint: "), "line {}: {l}", i + 2);
            assert!(
                diagnostic(lines[i]).is_some(),
                "a hint follows a diagnostic: {l}"
            );
        }
    }
    assert_eq!(diags.len(), 14, "one problem per broken file");
    assert_eq!(diags.iter().filter(|d| d.3 == "error").count(), 12);
    assert_eq!(diags.iter().filter(|d| d.3 == "warning").count(), 2);
    let files: Vec<&str> = diags.iter().map(|d| d.0).collect();
    let mut sorted = files.clone();
    sorted.sort_unstable();
    assert_eq!(files, sorted, "diagnostics in file order");
    for exact in [
        "tests/fixtures/broken/impossible-date.yaml:2:7: error: date: `2023-02-30` is not a real calendar date",
        "tests/fixtures/broken/end-before-start.yaml:3:11: error: `end_date` 2023-02-01 is before `date` 2023-02-03",
        "tests/fixtures/broken/missing-name.yaml:4:5: error: participants[0]: missing field `name`",
        "tests/fixtures/broken/unknown-key.yaml:3:1: warning: unknown key `partcipants`, did you mean `participants`?",
        "tests/fixtures/broken/timeline-name.yaml:7:20: warning: `Naser Bourita` in the timeline is not one of the briefing's participants",
        "tests/fixtures/broken/wrong-type.yaml:3:15: error: participants: invalid type: integer `5`, expected a sequence",
        "tests/fixtures/broken/latin1.yaml:1:12: error: the file is not valid UTF-8",
        "tests/fixtures/broken/binary.yaml:1:9: error: binary data (a NUL byte): this is not a YAML text file",
        "tests/fixtures/broken/two-documents.yaml:3:1: error: the file holds more than one YAML document (a `---` line); keep one briefing per file",
        "tests/fixtures/broken/syntax.yaml:2:5: error: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 1 column 8)",
    ] {
        assert!(
            lines.contains(&exact),
            "missing line:\n{exact}\nin:\n{}",
            r.stdout
        );
    }
    // Hints sit on the line right after their diagnostic.
    let at = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix)).unwrap();
    assert_eq!(
        lines[at("tests/fixtures/broken/timeline-name.yaml:") + 1],
        "  hint: did you mean `Nasser Bourita`?"
    );
    assert_eq!(
        lines[at("tests/fixtures/broken/missing-title.yaml:") + 1],
        "  hint: add it, e.g. `title: Meeting of the joint commission`"
    );
    assert_eq!(r.stderr, "", "check writes its report on standard output");
}

#[test]
fn check_of_a_warning_only_file_exits_0() {
    let r = run_ok(&["check", "tests/fixtures/broken/unknown-key.yaml"], 0);
    assert_eq!(
        r.lines(),
        [
            "checking tests/fixtures/broken/unknown-key.yaml",
            "tests/fixtures/broken/unknown-key.yaml:3:1: warning: unknown key `partcipants`, did you mean `participants`?",
            "  hint: known keys here: agenda, date, end_date, id, location, outcomes, participants, sources, summary, tags, timeline, title",
            "1 briefing, 0 errors, 1 warning",
        ]
    );
}

#[test]
fn check_of_one_error_uses_the_singular() {
    let r = run_ok(&["check", "tests/fixtures/broken/impossible-date.yaml"], 1);
    assert_eq!(
        r.lines(),
        [
            "checking tests/fixtures/broken/impossible-date.yaml",
            "tests/fixtures/broken/impossible-date.yaml:2:7: error: date: `2023-02-30` is not a real calendar date",
            "0 briefings, 1 error, 0 warnings",
        ]
    );
}

#[test]
fn check_reports_duplicate_ids_and_skips_hidden_and_non_yaml_files() {
    let r = run_ok(&["check", MIXED], 1);
    assert_eq!(
        r.lines(),
        [
            "checking tests/fixtures/mixed",
            "tests/fixtures/mixed/c.yaml:2:1: error: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 1 column 8)",
            "  hint: check the indentation and quote values that contain `: ` or start with a special character",
            "tests/fixtures/mixed/sub/dup.yaml:1:1: error: duplicate id `a`: tests/fixtures/mixed/a.yaml:1 uses it too",
            "  hint: give one of the two briefings another `id` (ids default to the file name)",
            "2 briefings, 2 errors, 0 warnings",
        ]
    );
}

#[test]
fn check_of_a_missing_path_exits_2() {
    let r = run_ok(&["check", "tests/fixtures/no-such-folder"], 2);
    let lines = r.lines();
    assert_eq!(lines[0], "checking tests/fixtures/no-such-folder");
    assert!(
        lines[1].starts_with("tests/fixtures/no-such-folder: error: cannot read: "),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2], "0 briefings, 1 error, 0 warnings");
    // A missing path among good ones still exits 2: the check is incomplete.
    run_ok(&["check", GOOD, "tests/fixtures/no-such-folder"], 2);
}

#[test]
fn check_as_json() {
    let r = run_ok(&["check", BROKEN, "--format", "json"], 1);
    let v = r.json();
    assert_eq!(v["source"], "tests/fixtures/broken");
    assert_eq!(v["briefings"], 2);
    assert_eq!(v["errors"], 12);
    assert_eq!(v["warnings"], 2);
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 14);
    let date = diags
        .iter()
        .find(|d| d["file"] == "tests/fixtures/broken/impossible-date.yaml")
        .unwrap();
    assert_eq!(
        *date,
        serde_json::json!({
            "file": "tests/fixtures/broken/impossible-date.yaml",
            "line": 2,
            "column": 7,
            "severity": "error",
            "message": "date: `2023-02-30` is not a real calendar date"
        }),
        "no `hint` key when there is no hint"
    );
    let name = diags
        .iter()
        .find(|d| d["file"] == "tests/fixtures/broken/timeline-name.yaml")
        .unwrap();
    assert_eq!(name["line"], 7);
    assert_eq!(name["column"], 20);
    assert_eq!(name["severity"], "warning");
    assert_eq!(name["hint"], "did you mean `Nasser Bourita`?");
}

#[test]
fn check_as_json_of_good_files() {
    let r = run_ok(&["check", GOOD, "--format", "json"], 0);
    assert_eq!(
        r.json(),
        serde_json::json!({
            "source": "tests/fixtures/good",
            "briefings": 3,
            "errors": 0,
            "warnings": 0,
            "diagnostics": []
        })
    );
}

#[test]
fn check_with_a_bad_format_is_a_usage_error() {
    brief()
        .args(["check", "--format", "nope"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: invalid value 'nope' for '--format <FORMAT>'\n  [possible values: text, json]",
        ));
    brief()
        .args(["check", "--frobnicate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unexpected argument '--frobnicate'",
        ));
}

// ---------------------------------------------------------------------------------------------
// help, version and `brief` alone

#[test]
fn help_shows_usage_and_examples() {
    for (args, usage) in [
        (
            &["--help"][..],
            "Usage: brief [OPTIONS] [PATHS]...\n       brief <COMMAND>",
        ),
        (
            &["list", "--help"][..],
            "Usage: brief list [OPTIONS] [PATHS]...",
        ),
        (
            &["show", "--help"][..],
            "Usage: brief show [OPTIONS] <BRIEFING> [PATHS]...",
        ),
        (
            &["check", "--help"][..],
            "Usage: brief check [OPTIONS] [PATHS]...",
        ),
        (
            &["help", "check"][..],
            "Usage: brief check [OPTIONS] [PATHS]...",
        ),
    ] {
        let r = run_ok(args, 0);
        assert!(r.stdout.contains(usage), "brief {args:?}:\n{}", r.stdout);
        assert!(
            r.stdout.contains("\nExamples:\n  brief"),
            "brief {args:?}:\n{}",
            r.stdout
        );
        assert_eq!(r.stderr, "");
    }
}

#[test]
fn help_details() {
    let top = run_ok(&["--help"], 0).stdout;
    for line in [
        "  list         One line per briefing, newest first: date, id, title, location",
        "  show         One briefing in full, by id or file",
        "  search       Find briefings with the query language (the same engine as `/` in the browser)",
        "  check        Validate briefing files: every problem with file, line and column",
        "  who          A person's meetings, newest first, with their role and organization at each",
        "  index        People, organizations, countries, tags or kinds of outcome, with how many briefings name them",
        "  timeline     Every briefing date and timeline event in date order, grouped by month",
        "  export       The briefings matching a query, as JSON, Markdown or CSV",
        "  new          Write a commented template briefing with today's date to a new file",
        "      --no-mouse  Do not capture the mouse (keeps the terminal's own text selection)",
        "  brief show 2023-11-14-azerbaijan-morocco-joint-commission",
    ] {
        assert!(
            top.lines().any(|l| l == line),
            "missing {line:?} in:\n{top}"
        );
    }
    let check = run_ok(&["check", "--help"], 0).stdout;
    assert!(
        check
            .ends_with("Exit status: 0 without errors, 1 with errors, 2 for usage or IO errors.\n"),
        "{check}"
    );
    let show = run_ok(&["show", "--help"], 0).stdout;
    assert!(
        show.contains("[default: text] [possible values: text, json, markdown]"),
        "{show}"
    );
    // The examples name real briefings of the bundled corpus.
    assert!(
        show.contains("brief show briefings/2019-06-30-trump-kim-moon-panmunjom-meeting.yaml"),
        "{show}"
    );
    assert!(
        root()
            .join("briefings/2019-06-30-trump-kim-moon-panmunjom-meeting.yaml")
            .is_file()
    );
    run_ok(
        &[
            "show",
            "briefings/2019-06-30-trump-kim-moon-panmunjom-meeting.yaml",
        ],
        0,
    );
    run_ok(&["show", SEED], 0);
}

#[test]
fn version() {
    brief()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("brief {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn brief_alone_off_a_terminal_prints_the_list() {
    let alone = run_ok(&[GOOD], 0);
    let list = run_ok(&["list", GOOD], 0);
    assert_eq!(alone.lines(), GOOD_LIST);
    assert_eq!((&alone.stdout, &alone.stderr), (&list.stdout, &list.stderr));
    let alone = run_ok(&["--no-mouse", GOOD], 0);
    assert_eq!(alone.stdout, list.stdout);
    // No path at all: the same default source as `brief list`.
    let dir = temp_dir();
    let alone = run(&mut brief_in(dir.path()));
    let list = run(brief_in(dir.path()).arg("list"));
    assert_eq!(alone.code, 0);
    assert_eq!(alone.lines().len(), 15);
    assert_eq!((&alone.stdout, &alone.stderr), (&list.stdout, &list.stderr));
    let alone = run_ok(&[], 0);
    let list = run_ok(&["list"], 0);
    assert_eq!((&alone.stdout, &alone.stderr), (&list.stdout, &list.stderr));
}

#[test]
fn a_mistyped_command_is_not_read_as_a_path() {
    let r = run_ok(&["lsit"], 2);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "brief: no command or file `lsit`; did you mean `brief list`?\n"
    );
    let r = run_ok(&["tests/fixtures/nope"], 2);
    assert_eq!(
        r.stderr,
        "brief: no such file or folder: tests/fixtures/nope\n"
    );
}

#[test]
fn show_with_a_missing_folder_exits_2() {
    let r = run_ok(&["show", "x", "tests/fixtures/nope"], 2);
    assert!(
        r.stderr.contains("tests/fixtures/nope: error: cannot read"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// brief search

#[test]
fn search_prints_results_with_the_best_field_and_exit_codes() {
    let r = run_ok(&["search", "bourita", "briefings"], 0);
    assert_eq!(
        r.lines(),
        [
            "2023-11-14  2023-11-14-azerbaijan-morocco-joint-commission  Bayramov–Bourita talks and 2nd session of the Azerbaijan–Morocco joint commission",
            "2022-03-27  2022-03-27-negev-summit-sde-boker  Negev Summit of foreign ministers",
            "            participant: Nasser Bourita",
        ]
    );
    let r = run_ok(&["search", "zzqx", "briefings"], 1);
    assert_eq!(r.stdout, "");
    let r = run_ok(&["search", "date:2023-13", "briefings"], 2);
    assert_eq!(
        r.stderr,
        "brief: bad query `date:2023-13`: column 6: `2023-13`: month 13 does not exist\n"
    );
    let r = run_ok(&["search", "x", "tests/fixtures/nope"], 2);
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
}

#[test]
fn search_limit_and_json_positions() {
    let r = run_ok(&["search", "who:bayramov", "briefings", "--limit", "2"], 0);
    assert_eq!(r.lines().iter().filter(|l| !l.starts_with(' ')).count(), 2);
    let r = run_ok(&["search", "jorg", GOOD, "--format", "json"], 0);
    let json = r.json();
    assert_eq!(json[0]["id"], "2024-03-06-trade-talks");
    assert!(json[0]["score"].as_i64().unwrap() > 0);
    let fields = json[0]["fields"].as_array().unwrap();
    let name = fields
        .iter()
        .find(|f| f["field"] == "participant")
        .expect("participant field");
    assert_eq!(name["text"], "Jörg Weber");
    assert_eq!(name["positions"], serde_json::json!([0, 1, 2, 3]));
    assert_eq!(name["item"], 0);
}

#[test]
fn the_man_page_is_one_page_with_every_command_and_its_examples_as_written() {
    let page = run_ok(&["man"], 0).stdout;
    assert!(
        !page.contains("(1)"),
        "no other page is referred to:\n{page}"
    );
    for command in ["list", "show", "search", "check", "man"] {
        assert!(
            page.contains(&format!(".SS \"brief {command}\"")),
            "{command}"
        );
    }
    let examples = &page[page.find(".SH EXAMPLES").expect("an examples section")..];
    assert!(examples.starts_with(".SH EXAMPLES\n.nf\n"), "{examples}");
    assert!(
        examples
            .contains("\n  brief list                     one line per briefing, newest first\n"),
        "{examples}"
    );
}

#[test]
fn brief_help_help_says_what_brief_help_does() {
    let r = run_ok(&["help", "--help"], 0);
    assert!(
        r.stdout
            .contains("Print this message or the help of the given subcommand(s)"),
        "{}",
        r.stdout
    );
}

#[test]
fn brief_help_says_where_briefings_come_from_in_the_order_they_are_looked_for() {
    let help = run_ok(&["--help"], 0).stdout;
    let order = [
        "BRIEF_PATH",
        "the config's paths",
        "./briefings",
        "the bundled briefings",
    ];
    let examples = &help[help.find("Examples:").expect("examples")..];
    let at: Vec<usize> = order
        .iter()
        .map(|s| {
            examples
                .find(s)
                .unwrap_or_else(|| panic!("{s}: {examples}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{examples}");
    assert!(
        examples.contains("brief check ~/notes/briefings  validate"),
        "{examples}"
    );
}

#[test]
fn no_cache_is_an_option_only_of_the_commands_that_read_briefings() {
    for command in [
        "list", "show", "search", "check", "who", "index", "timeline", "export", "serve",
    ] {
        let help = run_ok(&[command, "--help"], 0).stdout;
        assert!(help.contains("--no-cache"), "{command}");
    }
    for command in ["new", "schema", "config", "completions", "man"] {
        let help = run_ok(&[command, "--help"], 0).stdout;
        assert!(!help.contains("--no-cache"), "{command}:\n{help}");
        let fish = run_ok(&["completions", "fish"], 0).stdout;
        let offered = format!("using_subcommand {command}\" -l no-cache");
        assert!(!fish.contains(&offered), "{command}");
    }
    let r = run_ok(&["schema", "--no-cache"], 2);
    assert!(
        r.stderr.contains("unexpected argument '--no-cache'"),
        "{}",
        r.stderr
    );
    let r = run_ok(&["list", "tests/fixtures/good", "--no-cache"], 0);
    assert_eq!(r.lines().len(), 3);
    let r = run_ok(&["--no-cache", "list"], 2);
    assert!(r.stderr.contains("its options go after it"), "{}", r.stderr);
}

#[test]
fn search_help_aligns_its_query_language_and_brief_help_names_every_index() {
    let help = run_ok(&["search", "--help"], 0).stdout;
    let block = &help[help.find("Query language:\n").expect("the query language")..];
    let rows: Vec<&str> = block
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert!(rows.len() >= 6, "{block}");
    // Every description, and every line continuing one, starts in the same column.
    let column = rows[0].find("every word").expect("the first row");
    for row in &rows {
        let (example, said) = row.split_at(column);
        assert!(
            example.ends_with("  ") || example.trim().is_empty(),
            "{row}\n{block}"
        );
        assert!(!said.starts_with(' '), "{row}\n{block}");
    }
    assert!(help.contains("not here when -q gives it"), "{help}");
    let brief = run_ok(&["--help"], 0).stdout;
    assert!(
        brief.contains("countries, tags or kinds of outcome"),
        "{brief}"
    );
}

/// `brief list`'s text is made on every core, in runs of lines; for a corpus of many runs it is
/// what one line after the other, in order, makes.
#[test]
fn the_list_text_made_on_every_core_is_the_lines_in_order() {
    use brief::model::Entry;
    use std::sync::Arc;
    let bundled = brief::model::Corpus::load(&brief::model::Origin::Bundled);
    let entries: Vec<Arc<Entry>> = (0..3_000)
        .map(|n| {
            let e = &bundled.briefings[n % bundled.briefings.len()];
            Arc::new(Entry {
                id: format!("{}-{}", e.id, "x".repeat(n % 7)),
                ..(**e).clone()
            })
        })
        .collect();
    let width = entries
        .iter()
        .map(|e| e.id.chars().count())
        .max()
        .unwrap_or(0);
    let mut plain = String::new();
    for e in &entries {
        let b = &e.briefing;
        plain.push_str(&format!("{}  {:width$}  {}", b.date, e.id, b.title));
        if !b.place().is_empty() {
            plain.push_str(&format!("  ({})", b.place()));
        }
        plain.push('\n');
    }
    assert_eq!(brief::cli::list_text(&entries), plain);
}
