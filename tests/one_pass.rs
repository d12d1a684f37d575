//! The loader parses a clean file once, without positions; every other file is read as events
//! first, to bound it and to locate its problems. The one-pass path must never change a result:
//! here it is compared with the located path, the plain reference, on every kind of file there is.

use std::path::{Path, PathBuf};

use brief::model::{ParsedFile, id_position, parse_file, parse_file_located};
use proptest::prelude::*;

#[path = "../benches/support/generate.rs"]
#[allow(dead_code)]
mod generate;

#[path = "../benches/support/hostile.rs"]
mod shapes;

/// Parses `bytes` both ways and fails unless they agree (the one-pass path leaves the `id`'s
/// place to be found when needed: it must be found where the reference puts it). Returns
/// whether the one-pass path answered.
fn agree(label: &str, bytes: &[u8]) -> bool {
    let fast: ParsedFile = parse_file(label, bytes);
    let reference = parse_file_located(label, bytes);
    assert_eq!(fast.briefing, reference.briefing, "{label}");
    assert_eq!(fast.diagnostics, reference.diagnostics, "{label}");
    let reference_id = reference.id_pos.expect("the located path places the id");
    match fast.id_pos {
        Some(pos) => assert_eq!(pos, reference_id, "{label}"),
        None => assert_eq!(id_position(bytes), reference_id, "{label}"),
    }
    fast.id_pos.is_none()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_bundled_briefings_and_the_fixtures_parse_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = files_under(&root.join("briefings"));
    files.extend(files_under(&root.join("tests/fixtures")));
    assert!(files.len() > 30, "only {} files", files.len());
    let mut one_pass = 0;
    for file in &files {
        let bytes = std::fs::read(file).expect("readable");
        one_pass += usize::from(agree(&file.display().to_string(), &bytes));
    }
    // The fixtures are mostly broken on purpose; the bundled briefings are clean.
    assert!(
        one_pass >= 10,
        "only {one_pass} files took the one-pass path"
    );
}

#[test]
fn generated_briefings_parse_the_same_both_ways_and_nearly_all_in_one_pass() {
    let corpus = generate::corpus(11, 1_500);
    let mut one_pass = 0;
    for (name, yaml) in &corpus {
        one_pass += usize::from(agree(name, yaml.as_bytes()));
    }
    // The generator writes a few broken files on purpose; the rest must not pay for two passes.
    assert!(
        one_pass * 100 >= corpus.len() * 95,
        "{one_pass} of {} files took the one-pass path",
        corpus.len()
    );
}

#[test]
fn hostile_shapes_parse_the_same_both_ways() {
    for (name, yaml) in shapes::shapes() {
        agree(name, yaml.as_bytes());
    }
}

#[test]
fn every_yaml_test_suite_case_parses_the_same_both_ways() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/yaml-test-suite");
    let cases: Vec<PathBuf> = walk(&dir)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "in.yaml"))
        .collect();
    if cases.is_empty() {
        assert!(
            std::env::var_os("BRIEF_REQUIRE_CORPORA").is_none(),
            "yaml-test-suite not found at {}",
            dir.display()
        );
        eprintln!("SKIPPED: yaml-test-suite not found");
        return;
    }
    for case in cases {
        let bytes = std::fs::read(&case).expect("readable case");
        agree(&case.display().to_string(), &bytes);
    }
}

/// Pieces that change what a file means: keys, list entries, anchors and aliases, quotes,
/// flow collections, comments, document markers, tabs, control characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("\t".to_string()),
        Just("- ".to_string()),
        Just("\n- \n".to_string()),
        Just("\n-\n".to_string()),
        Just(": ".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just(", ".to_string()),
        Just("# note".to_string()),
        Just("\n---\n".to_string()),
        Just("\nid: same\n".to_string()),
        Just("\ntitle: again\n".to_string()),
        Just("\nextra: key\n".to_string()),
        Just("\nend_date: 1999-01-01\n".to_string()),
        Just("\u{7}".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{9b}".to_string()),
        Just("\u{feff}".to_string()),
        Just("|\n".to_string()),
        Just(">-\n".to_string()),
        Just("~".to_string()),
        Just("yes".to_string()),
        "[a-zé 0-9]{1,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// A generated briefing with a few pieces put in, cut out or swapped in anywhere: whatever
    /// it becomes (still clean, broken, or something in between), both paths say the same.
    #[test]
    fn an_edited_briefing_parses_the_same_both_ways(
        seed in 0u64..500,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..3, piece(), 0usize..12), 1..6),
    ) {
        let mut yaml = generate::briefing_yaml(seed, seed).into_bytes();
        for (at, how, piece, cut) in edits {
            let i = at.index(yaml.len() + 1);
            let end = (i + cut).min(yaml.len());
            match how {
                0 => { yaml.splice(i..i, piece.bytes()); }
                1 => { yaml.drain(i..end); }
                _ => { yaml.splice(i..end, piece.bytes()); }
            }
        }
        // Edits may cut a character in two: invalid UTF-8 is a case too.
        agree("edited.yaml", &yaml);
    }
}
