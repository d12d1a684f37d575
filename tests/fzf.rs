//! The fuzzy rule for names against fzf itself (`.ci/run` installs it): for queries of the kinds
//! people type (letters left out, initials, joined word prefixes, a capital), every name fzf
//! matches must match here, and nothing fzf rejects may match here except through the typo tier.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use brief::search::rule::{self, Pattern};
use brief::search::{FieldKind, MatchKind, fold_keep_case, fold_lower};

fn fzf_available() -> bool {
    let found = Command::new("fzf").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("BRIEF_REQUIRE_FZF").is_none(),
            "fzf is required (BRIEF_REQUIRE_FZF is set) but not installed"
        );
        eprintln!("fzf is not installed: skipping the comparison with fzf");
    }
    found
}

/// The names fzf's default algorithm matches with `query`, from `names`.
fn fzf_matches(query: &str, names: &[String]) -> BTreeSet<String> {
    let mut child = Command::new("fzf")
        .args(["--filter", query])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run fzf");
    {
        let mut stdin = child.stdin.take().expect("fzf's input");
        for n in names {
            writeln!(stdin, "{n}").expect("write to fzf");
        }
    }
    let out = child.wait_with_output().expect("fzf's output");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Whether `query` matches the name here, and whether only through the typo tier.
fn ours(query: &str, name: &str) -> Option<bool> {
    let (text, pattern) = if query.chars().any(char::is_uppercase) {
        (fold_keep_case(name), fold_keep_case(query))
    } else {
        (fold_lower(name), fold_lower(query))
    };
    rule::score(
        &text,
        FieldKind::Name,
        MatchKind::Fuzzy,
        &Pattern::new(&pattern),
    )
    .map(|s| s.close)
}

/// Participant names of the bundled briefings and the fixtures, in Latin letters that fold one
/// for one (fzf does not transliterate `þ` to `th`; that is beyond it by design).
fn names() -> Vec<String> {
    let mut names: Vec<String> = ["briefings", "tests/fixtures/good", "tests/fixtures/lookups"]
        .into_iter()
        .flat_map(|rel| {
            common::corpus(rel)
                .briefings
                .iter()
                .flat_map(|e| e.briefing.participants.iter().map(|p| p.name.to_string()))
                .collect::<Vec<_>>()
        })
        .filter(|n| fold_lower(n).chars().count() == n.chars().count())
        .filter(|n| n.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-'))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Queries of the kinds people type, made from the names.
fn queries(names: &[String]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for (i, name) in names.iter().enumerate() {
        let words: Vec<String> = fold_lower(name)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        for w in &words {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() >= 6 {
                // One letter left out, at three places.
                for skip in [1, chars.len() / 2, chars.len() - 2] {
                    out.insert(
                        chars
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != skip)
                            .map(|(_, c)| *c)
                            .collect::<String>(),
                    );
                }
            }
            // A capital first letter (smart case).
            let mut cap = w.clone();
            if let Some(first) = cap.get(..1) {
                cap.replace_range(..1, &first.to_uppercase());
            }
            out.insert(cap);
        }
        if words.len() >= 2 {
            let initial = |w: &String| w.chars().next().unwrap_or('x');
            out.insert(format!("{}{}", initial(&words[0]), initial(&words[1])));
            let prefix = |w: &String, n: usize| w.chars().take(n).collect::<String>();
            out.insert(format!(
                "{}{}",
                prefix(&words[0], 2 + i % 3),
                prefix(&words[1], 3)
            ));
            out.insert(format!("{}{}", prefix(&words[0], 1), prefix(&words[1], 4)));
        }
        // Letters that rarely read as meant: three-letter runs from the ends of two names.
        let other = fold_lower(&names[(i * 7 + 3) % names.len()]);
        let tail: String = fold_lower(name).chars().rev().take(2).collect();
        out.insert(format!(
            "{tail}{}",
            other.chars().take(2).collect::<String>()
        ));
    }
    out.into_iter().filter(|q| q.chars().count() >= 2).collect()
}

#[test]
fn names_match_as_fzf_matches_them() {
    if !fzf_available() {
        return;
    }
    let names = names();
    let queries = queries(&names);
    let mut pairs = 0;
    let mut fzf_yes = 0;
    for q in &queries {
        let by_fzf = fzf_matches(q, &names);
        for name in &names {
            pairs += 1;
            let here = ours(q, name);
            if by_fzf.contains(name) {
                fzf_yes += 1;
            } else {
                assert!(
                    here.is_none_or(|close| close),
                    "`{q}` matches `{name}` here but not in fzf"
                );
            }
        }
        // Every name a query was made from, that fzf matches, matches here.
        for name in names.iter().filter(|n| by_fzf.contains(*n)) {
            let made_from = is_made_from(q, name);
            if made_from {
                assert!(
                    ours(q, name).is_some(),
                    "fzf matches `{q}` with `{name}`, which it was made from, but it does not match here"
                );
            }
        }
    }
    eprintln!(
        "{} queries x {} names: {pairs} pairs, {fzf_yes} matched by fzf",
        queries.len(),
        names.len()
    );
    assert!(pairs >= 2_000, "only {pairs} pairs");
    assert!(fzf_yes >= 200, "fzf matched only {fzf_yes} pairs");
}

/// Whether `query` was made from `name` by leaving out letters of one word or joining word
/// prefixes: it reads as meant there.
/// Case counts as in smart case: a query with a capital is compared with the name as written.
fn is_made_from(query: &str, name: &str) -> bool {
    let folded = if query.chars().any(char::is_uppercase) {
        fold_keep_case(name)
    } else {
        fold_lower(name)
    };
    let query = &fold_keep_case(query);
    let words: Vec<String> = folded.split_whitespace().map(str::to_string).collect();
    if words.iter().any(|w| w.starts_with(query.as_str())) {
        return true;
    }
    // Two letters are read as initials or a prefix, not as a word with letters left out.
    let one_letter_out = query.chars().count() >= 3
        && words.iter().any(|w| {
            w.chars().count() == query.chars().count() + 1
                && (0..w.chars().count()).any(|skip| {
                    w.chars()
                        .enumerate()
                        .filter(|(j, _)| *j != skip)
                        .map(|(_, c)| c)
                        .collect::<String>()
                        == *query
                })
        });
    let joined = words.windows(2).any(|pair| {
        (1..=pair[0].chars().count()).any(|n| {
            let head: String = pair[0].chars().take(n).collect();
            query
                .strip_prefix(&head)
                .is_some_and(|rest| !rest.is_empty() && pair[1].starts_with(rest))
        })
    });
    let initials = query.chars().count() == 2
        && words.windows(2).any(|pair| {
            let mut q = query.chars();
            pair[0].starts_with(q.next().unwrap_or(' '))
                && pair[1].starts_with(q.next().unwrap_or(' '))
        });
    one_letter_out || joined || initials
}
