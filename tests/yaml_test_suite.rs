//! Every case of the official YAML test suite, loaded as a briefing, must give a briefing or a
//! clear error naming the file, within a second and without a panic.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brief::model::{Severity, parse_file};

fn suite_dir() -> PathBuf {
    std::env::var_os("BRIEF_YAML_TEST_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/yaml-test-suite")
        })
}

#[test]
fn every_yaml_test_suite_case_loads_or_is_refused_quickly() {
    let dir = suite_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        let msg = format!(
            "yaml-test-suite not found at {}: this test checked nothing",
            dir.display()
        );
        // CI sets BRIEF_REQUIRE_CORPORA so that a missing corpus fails there instead of passing.
        assert!(std::env::var_os("BRIEF_REQUIRE_CORPORA").is_none(), "{msg}");
        eprintln!("SKIPPED: {msg}");
        return;
    };
    let mut cases: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path().join("in.yaml"))
        .filter(|p| p.is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() > 300,
        "only {} cases in {}",
        cases.len(),
        dir.display()
    );
    let (mut loaded, mut refused) = (0, 0);
    for case in &cases {
        let bytes = std::fs::read(case).expect("readable case");
        let label = case.display().to_string();
        let started = Instant::now();
        let parsed = std::panic::catch_unwind(|| parse_file(&label, &bytes))
            .unwrap_or_else(|_| panic!("loading {label} panicked"));
        let took = started.elapsed();
        assert!(took < Duration::from_secs(1), "{label} took {took:?}");
        match parsed.briefing {
            Some(_) => loaded += 1,
            None => {
                refused += 1;
                let d = parsed
                    .diagnostics
                    .iter()
                    .find(|d| d.severity == Severity::Error);
                let d = d.unwrap_or_else(|| panic!("{label} refused without an error"));
                assert_eq!(d.file, label);
                assert!(
                    d.line >= 1 && d.column >= 1 && !d.message.trim().is_empty(),
                    "{d}"
                );
            }
        }
    }
    eprintln!(
        "yaml-test-suite: {} cases, {loaded} loaded as briefings, {refused} refused",
        cases.len()
    );
}
