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

fn type_query(s: &mut brief::app::State, query: &str) {
    apply(s, &[Action::StartFilter]);
    for c in query.chars() {
        apply(s, &[Action::Edit(brief::app::InputRequest::InsertChar(c))]);
    }
    brief::app::complete_search(s);
}

#[test]
fn filtered_list_with_highlights_and_reasons() {
    let mut s = state(CORPUS, 120, 40);
    type_query(&mut s, "bourita");
    let text = screen(&s);
    assert!(text.contains("participant: Nasser Bourita"), "{text}");
    assert_snapshot!(text);
}

#[test]
fn malformed_query_keeps_the_last_results() {
    let mut s = state(CORPUS, 120, 40);
    type_query(&mut s, "date:2023-1");
    let before = s.visible.clone();
    type_query(&mut s, "3");
    assert_eq!(s.visible, before, "the last good results stay");
    let text = screen(&s);
    assert!(text.contains("month 13 does not exist"), "{text}");
    assert_snapshot!(text);
}

#[test]
fn matched_characters_are_styled() {
    let mut s = state(GOOD, 120, 40);
    type_query(&mut s, "jorg");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| brief::ui::render(&s, f)).unwrap();
    let buffer = terminal.backend().buffer();
    // Find "Jörg" in the Participants pane: its four letters are bold and underlined.
    let text = screen(&s);
    let row = text
        .lines()
        .position(|l| l.contains("Jörg Weber"))
        .expect("Jörg on screen");
    let line: String = text.lines().nth(row).unwrap().to_string();
    let col = line.chars().position(|c| c == 'J').unwrap() - 1; // the snapshot line starts with a quote
    for dx in 0..4 {
        let cell = &buffer[(col as u16 + dx, row as u16)];
        assert!(
            cell.modifier.contains(ratatui::style::Modifier::UNDERLINED),
            "{:?} not highlighted",
            cell.symbol()
        );
    }
    let cell = &buffer[(col as u16 + 5, row as u16)];
    assert!(
        !cell.modifier.contains(ratatui::style::Modifier::UNDERLINED),
        "space after Jörg highlighted"
    );
}

#[test]
fn index_view() {
    let mut s = state(CORPUS, 100, 24);
    apply(&mut s, &[Action::OpenIndex]);
    assert_snapshot!(screen(&s));
}

#[test]
fn index_view_filtered_and_a_persons_briefings() {
    let mut s = state(CORPUS, 100, 16);
    apply(&mut s, &[Action::OpenIndex, Action::StartFilter]);
    for c in "bayr".chars() {
        apply(
            &mut s,
            &[Action::Edit(brief::app::InputRequest::InsertChar(c))],
        );
    }
    apply(&mut s, &[Action::AcceptFilter]);
    let filtered = screen(&s);
    assert!(filtered.contains("Jeyhun Bayramov"), "{filtered}");
    apply(&mut s, &[Action::Open]);
    assert_snapshot!(screen(&s));
}

#[test]
fn chronology_view() {
    let mut s = state(CORPUS, 120, 20);
    apply(&mut s, &[Action::OpenChronology]);
    assert_snapshot!(screen(&s));
}

/// A state over one briefing written by the test (for shapes no fixture has).
fn state_of_yaml(yaml: &str, width: u16, height: u16) -> brief::app::State {
    use brief::ui::{ColorDepth, Theme};
    let corpus = brief::model::Corpus::from_sources([(
        "hostile.yaml".to_string(),
        Ok(yaml.as_bytes().to_vec()),
    )]);
    let mut s = brief::app::State::new(std::sync::Arc::new(corpus), Theme::new(ColorDepth::Mono));
    brief::app::update(&mut s, Action::Resize { width, height });
    s
}

#[test]
fn a_huge_text_is_cut_with_a_mark_and_controls_never_reach_the_screen() {
    // Written as YAML escapes: raw control characters are refused by the loader.
    let summary = "word ".repeat(8_000) + "\\u202Ereversed \\u009B2J";
    let yaml = format!(
        "title: \"Evil \\e]0;title\\a \\u202Ebriefing\"\ndate: 2024-01-01\nparticipants:\n  - name: Ana\n    notes: \"{summary}\"\n"
    );
    let mut s = state_of_yaml(&yaml, 80, 24);
    let title = screen(&s);
    // ratatui leaves out control and zero-width characters; the backend would replace any
    // that came through.
    assert!(title.contains("Evil ]0;title briefing"), "{title}");
    assert_snapshot!("hostile_title_drawn_safely", title);
    apply(
        &mut s,
        &[
            Action::Focus(Pane::Participants),
            Action::Zoom,
            Action::Bottom,
        ],
    );
    let text = screen(&s);
    assert!(text.contains("(23636 more characters;"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert_snapshot!(text);
}

#[test]
fn the_status_line_says_when_changes_may_be_missed() {
    let mut s = state(GOOD, 100, 20);
    s.watch_problem = Some("not watching tests/fixtures/good is gone".to_string());
    assert_snapshot!(screen(&s));
}

#[test]
fn a_full_filter_line_says_so() {
    let mut s = state(GOOD, 100, 20);
    apply(&mut s, &[Action::StartFilter]);
    let keys: Vec<Action> = std::iter::repeat_n(
        Action::Edit(brief::app::InputRequest::InsertChar('a')),
        brief::search::MAX_QUERY_CHARS + 5,
    )
    .collect();
    apply(&mut s, &keys);
    assert_eq!(
        s.filter.line.input.value().chars().count(),
        brief::search::MAX_QUERY_CHARS
    );
    assert_snapshot!(screen(&s));
}
