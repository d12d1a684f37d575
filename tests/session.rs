//! The browser's loop as every session runs it, driven without a terminal: a scripted event
//! source, a test backend and a clipboard that records. Sessions over one shared corpus each
//! keep their own view.

use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use brief::app::State;
use brief::model::{Corpus, Origin};
use brief::screen::SafeBackend;
use brief::search::SearchIndex;
use brief::session::{Clipboard, EventSource, LoopExit, Searcher, run_loop};
use brief::ui::{ColorDepth, Theme};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Events in order; `None` is a pause in which nothing arrives (results come in meanwhile).
struct Script(VecDeque<Option<Event>>);

impl EventSource for Script {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        match self.0.pop_front() {
            Some(Some(event)) => Ok(Some(event)),
            Some(None) | None => {
                std::thread::sleep(timeout.min(Duration::from_millis(20)));
                Ok(None)
            }
        }
    }
}

fn keys(text: &str) -> Vec<Option<Event>> {
    text.chars()
        .map(|c| {
            let code = match c {
                '\n' => KeyCode::Enter,
                c => KeyCode::Char(c),
            };
            Some(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
        })
        .collect()
}

#[derive(Default)]
struct Recorded(Vec<String>);

impl Clipboard for Recorded {
    fn copy(&mut self, text: &str) -> io::Result<Option<&'static str>> {
        self.0.push(text.to_string());
        Ok(None)
    }
}

fn shared() -> (Arc<Corpus>, Arc<SearchIndex>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let corpus = Arc::new(Corpus::load(&Origin::Paths(vec![path])));
    let index = Arc::new(SearchIndex::build(&corpus));
    (corpus, index)
}

/// Runs one session's loop over `script` until it quits; returns its state and last frame.
fn session(
    corpus: &Arc<Corpus>,
    index: &Arc<SearchIndex>,
    script: Vec<Option<Event>>,
) -> (State, String, Recorded) {
    let mut state = State::with_index(
        Arc::clone(corpus),
        Arc::clone(index),
        Theme::new(ColorDepth::Mono),
    );
    state.width = 100;
    state.height = 30;
    // Through the backend every session draws through, which sanitizes every cell.
    let mut terminal =
        Terminal::new(SafeBackend::new(TestBackend::new(100, 30))).expect("test terminal");
    let mut searcher = Searcher::start(Arc::clone(corpus), Arc::clone(index));
    let mut clipboard = Recorded::default();
    let mut events = Script(script.into());
    let exit = run_loop(
        &mut terminal,
        &mut events,
        &mut state,
        &mut searcher,
        &mut clipboard,
        None,
        &|| None,
    )
    .expect("the loop runs");
    assert_eq!(exit, LoopExit::Quit);
    let screen = terminal.backend().inner().to_string();
    (state, screen, clipboard)
}

#[test]
fn sessions_over_one_corpus_each_keep_their_own_view() {
    let (corpus, index) = shared();
    let mut first = keys("/bourita\n");
    first.extend(std::iter::repeat_n(None, 10));
    first.extend(keys("yq"));
    let mut second = keys("Gy");
    second.extend(keys("q"));
    let (a, screen_a, copied_a) = session(&corpus, &index, first);
    let (b, screen_b, copied_b) = session(&corpus, &index, second);
    assert_eq!(a.filter.line.input.value(), "bourita");
    assert_eq!(
        a.visible.len(),
        2,
        "the first session's filter applies to it"
    );
    assert!(screen_a.contains("2/15 briefings"), "{screen_a}");
    assert_eq!(b.visible.len(), 15, "the second session has no filter");
    assert_eq!(
        b.selected, 14,
        "G went to the last briefing in the second session only"
    );
    assert!(screen_b.contains("15/15 briefings"), "{screen_b}");
    assert_ne!(
        a.selected_entry().map(|e| e.id.clone()),
        b.selected_entry().map(|e| e.id.clone())
    );
    // Each session's y reached its own clipboard with its own selection.
    assert_eq!(copied_a.0.len(), 1);
    assert_eq!(copied_b.0.len(), 1);
    assert!(copied_a.0[0].contains("Bourita"), "{:?}", copied_a.0);
    assert!(copied_b.0[0].contains("Panmunjom"), "{:?}", copied_b.0);
}

#[test]
fn the_front_end_stops_a_session_through_its_own_hook() {
    let (corpus, index) = shared();
    let mut state = State::with_index(
        Arc::clone(&corpus),
        Arc::clone(&index),
        Theme::new(ColorDepth::Mono),
    );
    let mut terminal =
        Terminal::new(SafeBackend::new(TestBackend::new(80, 24))).expect("test terminal");
    let mut searcher = Searcher::start(Arc::clone(&corpus), Arc::clone(&index));
    let mut events = Script(vec![None; 1000].into());
    let asked = std::cell::Cell::new(0);
    let exit = run_loop(
        &mut terminal,
        &mut events,
        &mut state,
        &mut searcher,
        &mut Recorded::default(),
        None,
        &|| {
            asked.set(asked.get() + 1);
            (asked.get() > 3).then_some(LoopExit::Quit)
        },
    )
    .expect("the loop runs");
    assert_eq!(exit, LoopExit::Quit);
    assert_eq!(
        asked.get(),
        4,
        "asked once per turn of the loop, until it said stop"
    );
}
