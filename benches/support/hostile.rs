//! The worst shapes a briefing under the size limit can take, for the keystroke benchmark and
//! the tests that bound the cost of a key: each file is just under 1 MiB and inside every limit
//! of the loader, so it loads, and the browser must stay responsive on it.
#![allow(dead_code)]

/// Words of varied length, as text reads (a fixed cycle: the same file every time).
fn words(chars: usize, seed: usize) -> String {
    const WORDS: &[&str] = &[
        "agreement",
        "bilateral",
        "cooperation",
        "energy",
        "ministers",
        "signed",
        "the",
        "of",
        "memorandum",
        "delegation",
        "trade",
        "and",
        "visit",
        "commission",
        "regional",
        "security",
    ];
    let mut out = String::with_capacity(chars + 16);
    let mut i = seed;
    while out.len() < chars {
        out.push_str(WORDS[i % WORDS.len()]);
        out.push(' ');
        i = i.wrapping_mul(7).wrapping_add(3);
    }
    out.truncate(chars);
    out
}

/// (name, YAML) of each hostile shape.
pub fn shapes() -> Vec<(&'static str, String)> {
    let head = "title: Hostile shape\ndate: 2024-01-01\n";
    let mut many_participants = format!("{head}participants:\n");
    for i in 0..2_000 {
        many_participants.push_str(&format!(
            "  - name: Person {i} {}\n    notes: \"{}\"\n",
            words(12, i),
            words(440, i)
        ));
    }
    let mut many_events =
        format!("{head}participants:\n  - name: Ana Souza\n  - name: Jorg Weber\ntimeline:\n");
    for i in 0..2_000 {
        many_events.push_str(&format!(
            "  - event: \"{}\"\n    participants: [Ana Souza, Jorg Weber]\n",
            words(440, i)
        ));
    }
    let long_summary = format!("{head}summary: \"{}\"\n", words(1_000_000, 1));
    let long_name = format!(
        "{head}participants:\n  - name: {}\ntimeline:\n  - event: e\n    participants: [{}]\n",
        "x".repeat(500_000),
        "y".repeat(400_000)
    );
    let mut many_outcomes = format!("{head}outcomes:\n");
    for i in 0..2_000 {
        many_outcomes.push_str(&format!(
            "  - summary: \"{}\"\n    kind: agreement\n    parties: [A, B, C]\n",
            words(420, i)
        ));
    }
    vec![
        ("2,000 participants with notes", many_participants),
        ("2,000 timeline events", many_events),
        ("a 1 MB summary", long_summary),
        ("a 500,000-letter name", long_name),
        ("2,000 outcomes", many_outcomes),
    ]
}

use std::sync::Arc;
use std::time::{Duration, Instant};

use brief::app::{Action, InputRequest, Pane, State, complete_search, update};
use brief::model::Corpus;
use brief::ui::{ColorDepth, Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn typed(text: &str) -> Vec<Action> {
    text.chars()
        .map(|c| Action::Edit(InputRequest::InsertChar(c)))
        .collect()
}

/// One step of a key script: an action, and whether the list's search pass should be finished
/// before the next (the browser runs it off the input thread; the script applies its result).
pub enum Step {
    Key(Action),
    FinishSearch,
}

/// What a user does on a briefing: every pane focused, navigated, filtered and zoomed, the
/// list filtered and its matches walked, items copied.
pub fn script() -> Vec<Step> {
    let mut keys = Vec::new();
    for pane in [
        Pane::Timeline,
        Pane::Participants,
        Pane::Agenda,
        Pane::Outcomes,
    ] {
        keys.push(Action::Focus(pane));
        keys.extend([Action::Down, Action::PageDown, Action::Bottom, Action::Top]);
        keys.push(Action::StartFilter);
        keys.extend(typed("agreemnt"));
        keys.extend([
            Action::Edit(InputRequest::DeletePrevChar),
            Action::AcceptFilter,
        ]);
        keys.extend([
            Action::Down,
            Action::Zoom,
            Action::PageDown,
            Action::Bottom,
            Action::Back,
        ]);
        keys.push(Action::CopyItem);
        keys.extend([Action::StartFilter, Action::CancelFilter]);
    }
    keys.extend([
        Action::Focus(Pane::List),
        Action::Zoom,
        Action::PageDown,
        Action::Bottom,
    ]);
    keys.extend([Action::Back, Action::CopyBriefing]);
    let mut steps: Vec<Step> = keys.into_iter().map(Step::Key).collect();
    steps.push(Step::Key(Action::StartFilter));
    for action in typed("energy agreemnt") {
        steps.push(Step::Key(action));
        steps.push(Step::FinishSearch);
    }
    steps.push(Step::Key(Action::AcceptFilter));
    for _ in 0..6 {
        steps.push(Step::Key(Action::NextMatch));
    }
    steps.push(Step::Key(Action::PrevMatch));
    steps
}

/// Loads `yaml` as the only briefing, draws it at `width` x `height`, then plays the script
/// `rounds` times: the first frame's time, and each key's time (update and frame) with its
/// action.
pub fn play(
    yaml: String,
    width: u16,
    height: u16,
    rounds: usize,
) -> (Duration, Vec<(Duration, String)>) {
    let corpus = Corpus::from_sources([("hostile.yaml".to_string(), Ok(yaml.into_bytes()))]);
    assert_eq!(corpus.briefings.len(), 1, "{:?}", corpus.diagnostics);
    let mut state = State::new(Arc::new(corpus), Theme::new(ColorDepth::TrueColor));
    update(&mut state, Action::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    let started = Instant::now();
    terminal.draw(|f| render(&state, f)).expect("draw");
    let first = started.elapsed();
    let mut times = Vec::new();
    for _ in 0..rounds {
        for step in script() {
            match step {
                Step::FinishSearch => complete_search(&mut state),
                Step::Key(action) => {
                    let label = format!("{action:?}");
                    let started = Instant::now();
                    update(&mut state, action);
                    terminal.draw(|f| render(&state, f)).expect("draw");
                    times.push((started.elapsed(), label));
                }
            }
        }
    }
    (first, times)
}
