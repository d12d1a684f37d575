//! Snapshots of the screen as a user sees it, and a sweep over sizes that must never panic.

mod common;

use brief::app::{Action, Pane};
use common::{apply, screen, state};
use insta::assert_snapshot;

const GOOD: &str = "tests/fixtures/good";
const CORPUS: &str = "briefings";

#[test]
fn main_screen_at_160x48() {
    let mut s = state(CORPUS, 160, 48);
    // The seed briefing, with a participant focused so that their timeline events are marked.
    apply(
        &mut s,
        &[
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Focus(Pane::Participants),
            Action::Down,
        ],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn main_screen_at_120x40() {
    let s = state(GOOD, 120, 40);
    assert_snapshot!(screen(&s));
}

#[test]
fn main_screen_at_80x24() {
    let mut s = state(GOOD, 80, 24);
    apply(&mut s, &[Action::Focus(Pane::Outcomes)]);
    assert_snapshot!(screen(&s));
}

#[test]
fn main_screen_at_40x12() {
    let s = state(GOOD, 40, 12);
    assert_snapshot!(screen(&s));
}

#[test]
fn narrow_screen_shows_one_pane_with_a_tab_bar() {
    let mut s = state(GOOD, 40, 12);
    apply(&mut s, &[Action::Focus(Pane::Participants)]);
    assert_snapshot!(screen(&s));
}

#[test]
fn help_overlay() {
    let mut s = state(GOOD, 100, 40);
    apply(&mut s, &[Action::ToggleHelp]);
    assert_snapshot!(screen(&s));
}

#[test]
fn diagnostics_list() {
    let mut s = state("tests/fixtures/mixed", 100, 24);
    apply(&mut s, &[Action::ToggleDiagnostics]);
    assert_snapshot!(screen(&s));
}

#[test]
fn zoomed_item() {
    let mut s = state(GOOD, 80, 24);
    apply(
        &mut s,
        &[Action::Focus(Pane::Outcomes), Action::Down, Action::Open],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn enlarge_the_window_message() {
    let s = state(GOOD, 28, 6);
    assert_snapshot!(screen(&s));
}

#[test]
fn empty_corpus() {
    let s = state("tests/fixtures/broken/syntax.yaml", 80, 24);
    assert_snapshot!(screen(&s));
}

/// Every size from 0x0 to 200x60, in steps, with every overlay: no panic, no overflow
/// (tests build with overflow checks on).
#[test]
fn every_size_renders_without_panic() {
    let base = state(CORPUS, 80, 24);
    let variants: Vec<Vec<Action>> = vec![
        vec![],
        vec![Action::Focus(Pane::Participants), Action::Bottom],
        vec![Action::Focus(Pane::Outcomes), Action::Open, Action::Bottom],
        vec![Action::ToggleHelp, Action::Bottom],
        vec![Action::ToggleDiagnostics],
    ];
    for width in (0..=200).step_by(7).chain([1, 2, 29, 30, 59, 60, 119, 120]) {
        for height in (0..=60).step_by(5).chain([1, 2, 7, 8, 29, 30]) {
            for actions in &variants {
                let mut s = base.clone();
                apply(&mut s, &[Action::Resize { width, height }]);
                apply(&mut s, actions);
                let text = screen(&s);
                assert_eq!(
                    text.lines().count(),
                    usize::from(height),
                    "{width}x{height}"
                );
            }
        }
    }
}
