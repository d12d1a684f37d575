//! The cache of parsed briefings: never stale, never fatal, and the same answers as without it.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use brief::model::cache::Cache;
use common::run::{Run, brief, root, run};

/// `brief ARGS` with the cache in `cache`.
fn cached(cache: &Path, args: &[&str]) -> Run {
    run(brief().env("BRIEF_CACHE_DIR", cache).args(args))
}

fn cache_files(cache: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(cache)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

/// A folder with copies of the good fixtures, and an empty cache directory.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("briefings");
    std::fs::create_dir(&folder).unwrap();
    for e in std::fs::read_dir(root().join("tests/fixtures/good")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), folder.join(e.file_name())).unwrap();
    }
    let cache = dir.path().join("cache");
    (dir, folder, cache)
}

fn first_file(folder: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.remove(0)
}

/// The first file of `folder`, its text and its `title:` line.
fn first_file_and_title(folder: &Path) -> (PathBuf, String, String) {
    let file = first_file(folder);
    let text = std::fs::read_to_string(&file).unwrap();
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .expect("a title line")
        .to_string();
    (file, text, title_line)
}

fn set_modified(path: &Path, when: SystemTime) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(when).unwrap();
}

#[test]
fn a_second_run_reads_the_cache_and_says_the_same() {
    let (_dir, folder, cache) = setup();
    let f = folder.to_str().unwrap();
    let cold = cached(&cache, &["check", f, "--format", "json"]);
    assert_eq!(cache_files(&cache).len(), 1, "one cache file is written");
    let warm = cached(&cache, &["check", f, "--format", "json"]);
    assert_eq!(warm.stdout, cold.stdout);
    assert_eq!(warm.code, cold.code);
    let uncached = run(brief().env("BRIEF_CACHE_DIR", &cache).args([
        "check",
        f,
        "--format",
        "json",
        "--no-cache",
    ]));
    assert_eq!(uncached.stdout, cold.stdout);
}

#[test]
fn an_edit_a_touch_and_a_same_size_rewrite_are_never_stale() {
    let (_dir, folder, cache) = setup();
    let f = folder.to_str().unwrap();
    let (file, text, title_line) = first_file_and_title(&folder);
    cached(&cache, &["list", f]);

    // An edit.
    let edited = text.replace(&title_line, "title: Edited in place");
    std::fs::write(&file, &edited).unwrap();
    assert!(
        cached(&cache, &["list", f])
            .stdout
            .contains("Edited in place")
    );

    // A touch: the same content, a new time; still right.
    set_modified(&file, SystemTime::now() + Duration::from_secs(5));
    assert!(
        cached(&cache, &["list", f])
            .stdout
            .contains("Edited in place")
    );

    // The same size and the same modification time, other content: only the hash tells.
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let same_size = edited.replace("Edited in place", "Edited in space");
    assert_eq!(same_size.len(), edited.len());
    std::fs::write(&file, &same_size).unwrap();
    set_modified(&file, modified);
    let r = cached(&cache, &["list", f]);
    assert!(r.stdout.contains("Edited in space"), "{}", r.stdout);
    assert!(!r.stdout.contains("Edited in place"));
}

#[test]
fn a_renamed_file_is_read_under_its_new_name() {
    let (_dir, folder, cache) = setup();
    let f = folder.to_str().unwrap();
    let file = first_file(&folder);
    let before = cached(&cache, &["list", f, "--format", "json"]).json();
    let renamed = folder.join("renamed-briefing.yaml");
    std::fs::rename(&file, &renamed).unwrap();
    let after = cached(&cache, &["list", f, "--format", "json"]).json();
    let files = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|b| b["file"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        files(&after)
            .iter()
            .any(|p| p.ends_with("renamed-briefing.yaml"))
    );
    assert!(!files(&after).contains(&file.display().to_string()));
    assert_eq!(files(&before).len(), files(&after).len());
}

#[test]
fn a_corrupt_truncated_or_foreign_cache_file_is_ignored() {
    let (_dir, folder, cache) = setup();
    let f = folder.to_str().unwrap();
    let good = cached(&cache, &["list", f]);
    let path = cache_files(&cache).remove(0);
    let bytes = std::fs::read(&path).unwrap();
    let damaged: [Vec<u8>; 4] = [
        bytes[..bytes.len() / 2].to_vec(),
        bytes.iter().map(|b| b ^ 0x5a).collect(),
        b"not a cache at all".to_vec(),
        Vec::new(),
    ];
    for d in damaged {
        std::fs::write(&path, &d).unwrap();
        let r = cached(&cache, &["list", f]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stdout, good.stdout);
        // And it is rebuilt.
        assert_ne!(std::fs::read(&path).unwrap(), d);
    }
}

#[test]
fn another_program_version_misses_every_entry() {
    let (_dir, folder, cache) = setup();
    cached(&cache, &["list", folder.to_str().unwrap()]);
    let path = cache_files(&cache).remove(0);
    let key_file = path.file_name().unwrap().to_str().unwrap().to_string();
    // The same origin's cache, read by this version and by another.
    let key = format!("{:?}", brief::model::Origin::Paths(vec![folder.clone()]));
    let this = Cache::open_in(&cache, &key, env!("CARGO_PKG_VERSION"));
    assert_eq!(this.path().file_name().unwrap().to_str().unwrap(), key_file);
    assert_eq!(this.len(), std::fs::read_dir(&folder).unwrap().count());
    assert!(Cache::open_in(&cache, &key, "0.0.0-another").is_empty());
}

#[test]
fn two_processes_writing_at_once_leave_a_whole_cache() {
    let (_dir, folder, cache) = setup();
    let f = folder.to_str().unwrap();
    let expected = run(brief().args(["list", f, "--no-cache"]));
    for _ in 0..5 {
        let _ = std::fs::remove_dir_all(&cache);
        let children: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
                    .args(["list", f])
                    .env("BRIEF_CACHE_DIR", &cache)
                    .env("BRIEF_CONFIG", common::run::NO_CONFIG)
                    .env_remove("BRIEF_PATH")
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert_eq!(String::from_utf8_lossy(&out.stdout), expected.stdout);
        }
        let files = cache_files(&cache);
        assert_eq!(files.len(), 1, "no temporary file left: {files:?}");
        let key = format!("{:?}", brief::model::Origin::Paths(vec![folder.clone()]));
        let read = Cache::open_in(&cache, &key, env!("CARGO_PKG_VERSION"));
        assert_eq!(read.len(), std::fs::read_dir(&folder).unwrap().count());
    }
}

#[test]
fn the_fixtures_say_the_same_with_and_without_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    for rel in [
        "briefings",
        "tests/fixtures/good",
        "tests/fixtures/broken",
        "tests/fixtures/mixed",
        "tests/fixtures/lookups",
    ] {
        let path = root().join(rel);
        let p = path.to_str().unwrap();
        let plain = run(brief().args(["check", p, "--format", "json", "--no-cache"]));
        let cold = cached(dir.path(), &["check", p, "--format", "json"]);
        let warm = cached(dir.path(), &["check", p, "--format", "json"]);
        assert_eq!(cold.stdout, plain.stdout, "{rel}");
        assert_eq!(warm.stdout, plain.stdout, "{rel}");
        assert_eq!(warm.code, plain.code, "{rel}");
        let listed = run(brief().args(["list", p, "--format", "json", "--no-cache"]));
        let warm_list = cached(dir.path(), &["list", p, "--format", "json"]);
        assert_eq!(warm_list.stdout, listed.stdout, "{rel}");
    }
}

#[test]
fn a_file_known_from_its_status_alone_is_still_never_stale() {
    // Past the racy window, an unchanged file is taken from the cache without being read; a
    // same-size rewrite that puts the modification time back is still seen (its change time
    // is after the cache was written, so its content is read and hashed).
    let (_dir, folder, cache) = setup();
    let f = folder.to_str().unwrap();
    let (file, text, title_line) = first_file_and_title(&folder);
    let before = cached(&cache, &["list", f]);
    std::thread::sleep(Duration::from_millis(2100));
    // Written again now that every file is settled; then trusted from its status, and
    // nothing changed: that run does not write it again.
    cached(&cache, &["list", f]);
    let written = std::fs::metadata(&cache_files(&cache)[0])
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(cached(&cache, &["list", f]).stdout, before.stdout);
    let again = std::fs::metadata(&cache_files(&cache)[0])
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(again, written, "a warm run writes nothing");
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let title = title_line.trim_start_matches("title:").trim();
    let same_size = text.replace(title, &"x".repeat(title.chars().count()));
    assert_eq!(same_size.len(), text.len(), "an ASCII title keeps the size");
    std::fs::write(&file, &same_size).unwrap();
    set_modified(&file, modified);
    let after = cached(&cache, &["list", f]);
    assert!(
        after.stdout.contains(&"x".repeat(title.chars().count())),
        "{}",
        after.stdout
    );
}

/// A cache file cut short while it is open (by anything but brief, which only ever renames a
/// whole file into place) costs the entries it lost and nothing else: each is a miss, read
/// again, and the rest still hit, with what parsing gives.
#[test]
fn a_cache_file_cut_short_while_open_only_misses_what_it_lost() {
    use brief::model::cache::Stamp;
    let (_dir, folder, cache) = setup();
    cached(&cache, &["list", folder.to_str().unwrap()]);
    let key = format!("{:?}", brief::model::Origin::Paths(vec![folder.clone()]));
    let open = Cache::open_in(&cache, &key, env!("CARGO_PKG_VERSION"));
    let path = cache_files(&cache).remove(0);
    let size = std::fs::metadata(&path).unwrap().len();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_len(size * 3 / 4).unwrap();
    let (mut hits, mut misses) = (0, 0);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for p in files {
        let bytes = std::fs::read(&p).unwrap();
        let stamp = Stamp::of(&bytes, &std::fs::metadata(&p).unwrap());
        let label = p.display().to_string();
        match open.get(&label, &stamp) {
            Some(parsed) => {
                assert_eq!(parsed, brief::model::parse_file(&label, &bytes), "{label}");
                hits += 1;
            }
            None => misses += 1,
        }
    }
    assert!(hits > 0 && misses > 0, "{hits} hits, {misses} misses");
}

/// An entry writes every field, in order and without names (an empty one too, since none may
/// be missing there); everything else still leaves empty fields out, on the same thread too.
#[test]
fn an_entry_writes_every_field_and_nothing_else_does() {
    let parsed = brief::model::parse_file("x.yaml", b"title: Talks\ndate: 2024-01-01\n");
    let briefing = parsed.briefing.as_ref().expect("a briefing");
    let blob = Cache::encode(&parsed).expect("an entry");
    assert!(
        !blob.windows(5).any(|w| w == b"title"),
        "no field names in an entry"
    );
    let json = serde_json::to_string(briefing).expect("JSON");
    assert_eq!(json, r#"{"title":"Talks","date":"2024-01-01"}"#);
}

/// Dates and times are kept as numbers in an entry and come back exactly as parsed: seconds
/// included (the text form has minutes only), free text as written.
#[test]
fn an_entry_gives_back_every_date_and_time_as_parsed() {
    let yaml = "title: Talks\ndate: 2024-01-01\nend_date: 2024-01-03\ntimeline:\n\
                - at: 2024-01-01T09:30:15\n  event: Opened\n\
                - at: 2024-01-02\n  event: Second day\n\
                - at: '17:45:59'\n  event: Statement\n\
                - at: after the plenary\n  event: Talks\n\
                - at: '23:59:60'\n  event: A leap second\n\
                - at: '+12024-01-01T08:00'\n  event: Far ahead\n";
    let parsed = brief::model::parse_file("x.yaml", yaml.as_bytes());
    let briefing = parsed.briefing.as_ref().expect("a briefing");
    let kinds: Vec<String> = briefing
        .timeline
        .iter()
        .map(|e| format!("{:?}", e.at))
        .collect();
    assert_eq!(
        kinds,
        [
            "Some(DateTime(2024-01-01T09:30:15))",
            "Some(Date(2024-01-02))",
            "Some(Time(17:45:59))",
            "Some(Text(\"after the plenary\"))",
            "Some(Time(23:59:60))",
            "Some(DateTime(+12024-01-01T08:00:00))",
        ]
    );
    let blob = Cache::encode(&parsed).expect("an entry");
    assert_eq!(Cache::decode(&blob), Some(parsed));
}

/// A day number no date has, or a year `YYYY` cannot write, makes the entry a miss.
#[test]
fn an_entry_with_an_impossible_date_does_not_decode() {
    let parsed = brief::model::parse_file("x.yaml", b"title: Talks\ndate: 2024-01-01\n");
    let blob = Cache::encode(&parsed).expect("an entry");
    // The day number of 2024-01-01 (738,886), as postcard writes an i32.
    let varint = |n: i32| postcard::to_allocvec(&n).expect("an i32");
    let day = varint(738_886);
    let at = blob
        .windows(day.len())
        .position(|w| w == day.as_slice())
        .expect("the day number in the entry");
    for impossible in [i32::MAX, -1_000, 3_652_060 /* 10000-01-01 */] {
        let mut bad = blob.clone();
        bad.splice(at..at + day.len(), varint(impossible));
        assert_eq!(Cache::decode(&bad), None, "day {impossible}");
    }
    assert!(Cache::decode(&blob).is_some());
}

proptest::proptest! {
    /// Whatever the damage to an entry, decoding it gives a result or nothing, never a panic,
    /// and never a briefing with a date `YYYY-MM-DD` cannot write.
    #[test]
    fn a_damaged_entry_decodes_or_misses(
        flips in proptest::collection::vec((0usize..4096, proptest::num::u8::ANY), 1..8),
        cut in 0usize..4096,
    ) {
        let yaml = std::fs::read(root().join("briefings/2023-11-14-azerbaijan-morocco-joint-commission.yaml"))
            .expect("the seed briefing");
        let parsed = brief::model::parse_file("seed.yaml", &yaml);
        let mut blob = Cache::encode(&parsed).expect("an entry");
        for (at, byte) in flips {
            let n = blob.len();
            blob[at % n] = byte;
        }
        blob.truncate(cut.max(1));
        if let Some(briefing) = Cache::decode(&blob).and_then(|p| p.briefing) {
            let shown = briefing.date.to_string();
            proptest::prop_assert_eq!(shown.len(), 10, "{}", shown);
        }
    }
}

/// A run that reads some entries and makes others writes both kinds where the index says:
/// every file then hits, with what parsing gives, and no other file is left in the folder
/// (new entries wait in a file of no name, not in a temporary file that a kill would leave).
#[test]
fn entries_made_and_entries_read_are_both_written_where_the_index_says() {
    use brief::model::cache::Stamp;
    let (_dir, folder, cache) = setup();
    let f = folder.to_str().unwrap();
    cached(&cache, &["list", f]);
    let (file, text, title_line) = first_file_and_title(&folder);
    std::fs::write(&file, text.replace(&title_line, "title: Edited")).unwrap();
    cached(&cache, &["list", f]);
    assert_eq!(cache_files(&cache).len(), 1, "{:?}", cache_files(&cache));
    let key = format!("{:?}", brief::model::Origin::Paths(vec![folder.clone()]));
    let open = Cache::open_in(&cache, &key, env!("CARGO_PKG_VERSION"));
    let mut checked = 0;
    for e in std::fs::read_dir(&folder).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        let stamp = Stamp::of(&bytes, &std::fs::metadata(&p).unwrap());
        let label = p.display().to_string();
        let parsed = open
            .get(&label, &stamp)
            .unwrap_or_else(|| panic!("{label} misses"));
        assert_eq!(parsed, brief::model::parse_file(&label, &bytes), "{label}");
        checked += 1;
    }
    assert!(checked > 2, "{checked} files");
}
