//! Hostile briefings: nothing from a file, a file name or a query reaches the terminal as a
//! control sequence, spreadsheets never run a cell, and every shape of file is loaded or refused
//! within a time and memory bound, with its problem at the real place.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::run::{Run, brief, run};

/// Escape sequences of every family, written as YAML escapes in a double-quoted string:
/// OSC (window title, clipboard), CSI (clear screen, cursor report), C1 CSI, DEL, bidi override.
const EVIL: &str = r#"\e]0;owned\a\e]52;c;ZXZpbA==\a\e[2J\e[6n\u009b31m\x7f\u202e"#;

/// A briefing with `EVIL` in every string field, a bad kind, an unknown key and a stranger in
/// the timeline, all of which the diagnostics echo.
fn hostile_briefing() -> String {
    let e = EVIL;
    format!(
        r#"title: "Talks {e}"
date: 2023-05-01
location: {{venue: "V{e}", city: "C{e}", country: "K{e}"}}
summary: "Summary {e}"
tags: ["tag{e}"]
sources:
  - publisher: "P{e}"
    via: "=HYPERLINK(\"http://example.invalid\")"
participants:
  - name: "Evil Person{e}"
    role: "+role{e}"
    organization: "@org{e}"
    country: "-country{e}"
    delegation: "D{e}"
    notes: "N{e}"
timeline:
  - at: "morning{e}"
    event: "Event{e}"
    participants: ["Stranger{e}", "Evil Person{e}"]
agenda:
  - topic: "Topic{e}"
    summary: "S{e}"
    tags: ["t{e}"]
outcomes:
  - summary: "=1+1{e}"
    kind: agreement
    status: "st{e}"
    parties: ["p{e}"]
"unknown{e}": 1
"#
    )
}

/// A folder with the hostile briefing under a file name that holds an escape sequence, and a
/// broken file whose diagnostics echo hostile text.
fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil\x1b]0;name\x07.yaml"),
        hostile_briefing(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken\x1b[2J.yaml"),
        format!(
            "title: x\ndate: \"2023-02-30{EVIL}\"\noutcomes:\n  - summary: s\n    kind: \"bad{EVIL}\"\n"
        ),
    )
    .unwrap();
    dir
}

/// Every byte a terminal would obey: C0 controls but tab and newline, DEL, C1 controls (in
/// UTF-8) and the bidirectional controls.
fn forbidden(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    })
}

fn assert_clean(what: &str, r: &Run) {
    for (stream, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        if let Some(c) = forbidden(text) {
            panic!("{what}: {stream} holds U+{:04X}:\n{text}", u32::from(c));
        }
    }
}

#[test]
fn no_command_lets_a_control_sequence_through() {
    let dir = hostile_folder();
    let d = dir.path().to_str().unwrap();
    let id = "evil\x1b]0;name\x07";
    let commands: Vec<Vec<&str>> = vec![
        vec!["list", d],
        vec!["list", d, "--format", "json"],
        vec!["show", id, d],
        vec!["show", id, d, "--format", "markdown"],
        vec!["show", id, d, "--format", "json"],
        vec!["show", "no\x1b[2Jsuch", d],
        vec!["search", "evil", d],
        vec!["search", "evil", d, "--format", "json"],
        vec!["search", "bad\x1b[2J'", d],
        vec!["who", "evil", d],
        vec!["who", "nobody\x1b[6n", d],
        vec!["index", "people", d],
        vec!["index", "orgs", d],
        vec!["index", "countries", d],
        vec!["index", "tags", d],
        vec!["timeline", d],
        vec!["timeline", "-q", "evil", d],
        vec!["timeline", "no\x1b[2Jsuch", d],
        vec!["index", "people", "-q", "evil\x1b[2J", d],
        vec!["search", "bourita", "no\x1b[2Jsuch"],
        vec!["export", "", d, "--format", "csv"],
        vec!["export", "", d, "--format", "csv", "--outcomes"],
        vec!["export", "", d, "--format", "markdown"],
        vec!["export", "", d, "--format", "json"],
        vec!["check", d],
        vec!["check", d, "--format", "json"],
        vec![d],
        vec!["--bogus\x1b[2J"],
        vec!["missing\x1b]0;x\x07"],
    ];
    for args in commands {
        let r = run(brief().args(&args));
        assert_clean(&format!("brief {args:?}"), &r);
    }
    // The text is shown, not dropped: a reader sees what the file holds.
    let r = run(brief().args(["show", id, d]));
    assert!(
        r.stdout
            .contains("Talks ^[]0;owned^G^[]52;c;ZXZpbA==^G^[[2J^[[6n<U+009B>31m^?<U+202E>"),
        "{}",
        r.stdout
    );
    let r = run(brief().args(["check", d]));
    assert!(
        r.stdout.contains("broken^[[2J.yaml:2:7: error"),
        "{}",
        r.stdout
    );
}

#[test]
fn json_keeps_the_exact_text_escaped() {
    let dir = hostile_folder();
    let r = run(brief().args(["list", dir.path().to_str().unwrap(), "--format", "json"]));
    assert_clean("list --format json", &r);
    let rows = r.json();
    let title = rows[0]["title"].as_str().unwrap();
    assert_eq!(
        title,
        "Talks \x1b]0;owned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[6n\u{9b}31m\x7f\u{202e}"
    );
}

#[test]
fn csv_cells_never_run_as_formulas_unless_asked() {
    let dir = hostile_folder();
    let d = dir.path().to_str().unwrap();
    let r = run(brief().args(["export", "", d, "--format", "csv", "--outcomes"]));
    let (_, rows) = r.csv();
    assert!(rows[0][4].starts_with("'=1+1"), "{:?}", rows[0]);
    let r = run(brief().args(["export", "", d, "--format", "csv"]));
    let (header, rows) = r.csv();
    let sources = header.iter().position(|h| h == "sources").unwrap();
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a formula cell: {cell}"
            );
        }
    }
    assert!(rows[0][sources].contains("=HYPERLINK"), "{:?}", rows[0]);
    let r = run(brief().args([
        "export",
        "",
        d,
        "--format",
        "csv",
        "--outcomes",
        "--raw-csv",
    ]));
    let (_, rows) = r.csv();
    assert!(rows[0][4].starts_with("=1+1"), "{:?}", rows[0]);
    assert_clean("export --raw-csv", &r);
}

/// `brief ARGS` under a memory limit (address space) and a time bound; what it printed.
fn bounded(args: &[&str], memory: u64, time: Duration) -> Run {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_brief"));
    cmd.args(args)
        .env_remove("BRIEF_PATH")
        .env("BRIEF_CONFIG", common::run::NO_CONFIG);
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: memory,
                rlim_max: memory,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let out = cmd.output().expect("brief runs");
    let took = started.elapsed();
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        out.status.code().is_some(),
        "brief {args:?} was killed ({:?}): {}",
        out.status,
        r.stderr
    );
    assert!(took < time, "brief {args:?} took {took:?}");
    r
}

const MIB: u64 = 1024 * 1024;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A hostile file beside a good one: `check` names the hostile file's problem at `line:column`
/// within the bounds, and the good briefing still loads.
fn assert_refused(text: &str, line: usize, column: usize, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::run::root().join("tests/fixtures/good/2024-03-06-trade-talks.yaml"),
        dir.path().join("good.yaml"),
    )
    .unwrap();
    let bad = write(dir.path(), "bad.yaml", text);
    let r = bounded(
        &["check", bad.to_str().unwrap()],
        512 * MIB,
        Duration::from_secs(5),
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let want = format!("bad.yaml:{line}:{column}: error: ");
    assert!(
        r.stdout.contains(&want) && r.stdout.contains(message),
        "want `{want}` … `{message}`:\n{}",
        r.stdout
    );
    let r = bounded(
        &["list", dir.path().to_str().unwrap()],
        512 * MIB,
        Duration::from_secs(5),
    );
    assert!(r.stdout.contains("Trade talks in Brasília"), "{}", r.stderr);
}

#[test]
fn block_nesting_is_refused_without_overflowing_a_stack() {
    let dashes = format!(
        "title: x\ndate: 2023-01-01\nfoo:\n{}x\n",
        "- ".repeat(10_000)
    );
    assert_refused(&dashes, 4, 63, "nested more than 32 levels");
    let keys = format!(
        "title: x\ndate: 2023-01-01\nfoo:\n  {}x\n",
        "? ".repeat(10_000)
    );
    assert_refused(&keys, 4, 67, "nested more than 32 levels");
    let mut indented = String::from("title: x\ndate: 2023-01-01\n");
    for i in 0..1_000 {
        indented.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
    }
    assert_refused(&indented, 35, 33, "nested more than 32 levels");
}

#[test]
fn alias_bombs_are_refused_where_the_alias_is() {
    let mut text = format!(
        "title: &a \"{}\"\ndate: 2023-01-01\nparticipants:\n",
        "A".repeat(100_000)
    );
    for _ in 0..200 {
        text.push_str("  - name: *a\n");
    }
    // 100,000 bytes per alias: the 41st (after the anchor itself) pushes the text past 4 MiB.
    assert_refused(&text, 44, 11, "aliases expand the file past 4 MiB");
}

#[test]
fn huge_lists_and_many_keys_are_refused_quickly() {
    let mut text = String::from("title: x\ndate: 2023-01-01\nparticipants:\n");
    for i in 0..60_000 {
        text.push_str(&format!("  - name: p{i}\n"));
    }
    assert!(text.len() < 1024 * 1024);
    assert_refused(&text, 2004, 5, "more than 2000 entries in one list");
    let mut text = String::from("title: x\ndate: 2023-01-01\n");
    for i in 0..100_000 {
        text.push_str(&format!("k{i}: 1\n"));
    }
    text.truncate(1024 * 1024 - 10);
    assert_refused(&text, 2001, 1, "more than 2000 keys in one mapping");
}

#[test]
fn many_strangers_and_unknown_keys_cost_little() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("title: x\ndate: 2023-01-01\nparticipants:\n");
    for i in 0..1_900 {
        text.push_str(&format!("  - name: Person Number {i}\n"));
    }
    text.push_str("timeline:\n");
    for i in 0..1_900 {
        text.push_str(&format!(
            "  - event: e\n    participants: [Persen Numbar {i}, {}]\n",
            "y".repeat(300)
        ));
    }
    let f = write(dir.path(), "names.yaml", &text);
    let r = bounded(
        &["check", f.to_str().unwrap()],
        512 * MIB,
        Duration::from_secs(3),
    );
    assert!(
        r.stdout.contains("did you mean `Person Number 0`?"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("3750 more names in the timeline are not participants"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_huge_file_reports_its_real_size_and_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("huge.yaml");
    let file = std::fs::File::create(&f).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let r = bounded(
        &["check", f.to_str().unwrap()],
        256 * MIB,
        Duration::from_secs(2),
    );
    assert!(
        r.stdout
            .contains("the file is 52428800 bytes, over the 1048576-byte limit"),
        "{}",
        r.stdout
    );
}

#[test]
fn brief_new_on_a_full_disk_names_the_file_and_leaves_nothing_behind() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_brief"));
    cmd.args(["new", "--dir", dir.path().to_str().unwrap()])
        .env("BRIEF_CONFIG", common::run::NO_CONFIG);
    // A file size limit of 100 bytes fails the write as a full disk would.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 100,
                rlim_max: 100,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write ") && stderr.contains("-new-briefing.yaml: "),
        "{stderr}"
    );
    assert!(stderr.contains("the file was removed again"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// `brief check PATHS...` and its standard output.
fn check(paths: &[&Path]) -> Run {
    let mut args = vec!["check".to_string()];
    args.extend(paths.iter().map(|p| p.to_str().unwrap().to_string()));
    bounded(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        512 * MIB,
        Duration::from_secs(5),
    )
}

#[test]
fn diagnostics_point_at_the_real_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Each file alone: `brief check` names its problem at the real place.
    let assert_says = |name: &str, text: &str, want: &str| {
        let r = check(&[&write(d, name, text)]);
        assert!(r.stdout.contains(want), "want `{want}`:\n{}", r.stdout);
    };
    assert_says(
        "control.yaml",
        "title: x\ndate: 2023-01-01\nsummary: |\n  fine\n  bad \x1b here\n",
        "control.yaml:5:7: error: a raw control character (U+001B)",
    );
    assert_says(
        "dup.yaml",
        "title: x\ndate: 2023-01-01\nparticipants:\n  - name: A\n    role: R\n    name: B\n",
        "dup.yaml:6:5: error: duplicate key `name`: it is already at line 4, column 5",
    );
    assert_says("empty.yaml", "", "empty.yaml:1:1: error: the file is empty");
    assert_says(
        "comments.yaml",
        "# a note\n\n# another\n",
        "comments.yaml:1:1: error: the file holds no briefing, only comments",
    );
    let several = write(
        d,
        "several.yaml",
        "title: x\ndate: 2023-01-01\nparticipants:\n  - name: A\n  - name: [x]\ntimeline: 7\nagenda: {a: 1}\n",
    );
    let r = check(&[&several]);
    for want in [
        "several.yaml:5:11: error: participants[1].name: invalid type: sequence, expected a string",
        "several.yaml:6:11: error: timeline: invalid type: integer `7`, expected a sequence",
        "several.yaml:7:9: error: agenda: invalid type: map, expected a sequence",
    ] {
        assert!(r.stdout.contains(want), "want {want}:\n{}", r.stdout);
    }
    let missing = write(d, "missing.yaml", "date: 2023-01-01\n");
    let r = check(&[&missing]);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("missing field `title`"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    let at: Vec<usize> = line
        .split(':')
        .skip(1)
        .take(2)
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(at[0] <= 2, "a line that does not exist: {line}");
}

#[test]
fn overlapping_paths_read_each_file_once_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    write(&sub, "a.yaml", "title: A\ndate: 2023-01-01\n");
    let r = check(&[dir.path(), &sub]);
    assert!(!r.stdout.contains("duplicate id"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("warning: 1 file here was read already through an earlier path"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("1 briefing, 0 errors, 1 warning"),
        "{}",
        r.stdout
    );
}

#[test]
fn symlinks_are_followed_loops_and_dangling_links_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("corpus");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    write(
        &elsewhere,
        "linked.yaml",
        "title: Linked\ndate: 2023-01-01\n",
    );
    std::os::unix::fs::symlink(elsewhere.join("linked.yaml"), d.join("file-link.yaml")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, d.join("folder-link")).unwrap();
    std::os::unix::fs::symlink(&d, d.join("loop")).unwrap();
    std::os::unix::fs::symlink(d.join("nothing.yaml"), d.join("dangling.yaml")).unwrap();
    let r = check(&[&d]);
    assert!(r.stdout.contains("a symbolic link back to"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("dangling.yaml:1:1: warning: skipped: a symbolic link to nothing"),
        "{}",
        r.stdout
    );
    // The linked file is reached twice (as a file link and through the folder link): read once.
    assert!(r.stdout.contains("1 briefing, 0 errors"), "{}", r.stdout);
}

#[test]
fn a_fifo_is_named_and_never_blocks_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    write(dir.path(), "good.yaml", "title: Good\ndate: 2023-01-01\n");
    let r = check(&[&fifo]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("a FIFO (named pipe)"), "{}", r.stdout);
    let r = check(&[dir.path()]);
    assert!(
        r.stdout
            .contains("pipe.yaml:1:1: warning: skipped: a FIFO (named pipe)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("1 briefing, 0 errors, 1 warning"),
        "{}",
        r.stdout
    );
}

#[path = "../benches/support/hostile.rs"]
mod shapes;

/// Every key on the worst shapes a file under the size limit can take is handled (update and
/// frame) quickly. The bound here is loose, for debug builds on a busy machine; the figure that
/// counts is measured in release by `cargo bench --bench hostile_keys` (within 16 ms).
#[test]
fn keys_stay_fast_on_the_worst_shapes_of_a_file() {
    for (name, yaml) in shapes::shapes() {
        let (_, times) = shapes::play(yaml, 160, 48, 1);
        for (took, action) in times {
            assert!(
                took < Duration::from_secs(2),
                "{name}: {action} took {took:?}"
            );
        }
    }
}

#[test]
fn the_clipboard_gets_the_visible_form() {
    use base64::Engine;
    let sequence = brief::tui::osc52("Talks \x1b]52;c;ZXZpbA==\x07 \u{202e}x", false);
    let payload = sequence
        .strip_prefix("\x1b]52;c;")
        .and_then(|s| s.strip_suffix('\x07'))
        .expect("one OSC 52 sequence");
    let copied = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .expect("base64");
    assert_eq!(
        String::from_utf8(copied).unwrap(),
        "Talks ^[]52;c;ZXZpbA==^G <U+202E>x"
    );
}
