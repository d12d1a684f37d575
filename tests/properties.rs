//! Random sessions: any sequence of keys, clicks, resizes (down to 0x0 and up to huge sizes),
//! finished searches and reloads over other corpora never panics, always draws, and leaves the
//! state consistent.

mod common;

use std::sync::{Arc, OnceLock};

use brief::app::{
    Action, InputRequest, Loaded, Pane, Stage, State, apply_reload, complete_search, update,
};
use brief::entities::EntityIndex;
use brief::model::Corpus;
use brief::search::SearchIndex;
use brief::ui::{ColorDepth, Theme, render};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[derive(Debug, Clone)]
enum Op {
    Act(Action),
    Resize(u16, u16),
    FinishSearch,
    Reload(usize),
    /// Another corpus as a patch of the one shown: the entity index stays the old one's.
    Patch(usize),
    /// The entity index of the corpus shown arrives.
    OwnEntities,
    /// The search index of the corpus shown arrives in one piece.
    OnePiece,
}

/// The corpora a session is reloaded into: different sizes, shapes, and an empty one.
fn corpora() -> &'static [(Arc<Corpus>, Arc<SearchIndex>)] {
    static CORPORA: OnceLock<Vec<(Arc<Corpus>, Arc<SearchIndex>)>> = OnceLock::new();
    CORPORA.get_or_init(|| {
        let mut all: Vec<Arc<Corpus>> =
            ["tests/fixtures/good", "tests/fixtures/lookups", "briefings"]
                .into_iter()
                .map(common::corpus)
                .collect();
        all.push(Arc::new(Corpus::default()));
        all.into_iter()
            .map(|c| {
                let index = Arc::new(SearchIndex::build(&c));
                (c, index)
            })
            .collect()
    })
}

fn action() -> impl Strategy<Value = Action> {
    let simple = prop::sample::select(vec![
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::HalfPageUp,
        Action::HalfPageDown,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Left,
        Action::Right,
        Action::Open,
        Action::Back,
        Action::ToggleHelp,
        Action::ToggleDiagnostics,
        Action::StartFilter,
        Action::AcceptFilter,
        Action::CancelFilter,
        Action::HistoryPrev,
        Action::HistoryNext,
        Action::NextMatch,
        Action::PrevMatch,
        Action::CycleSort,
        Action::CopyItem,
        Action::CopyBriefing,
        Action::Zoom,
        Action::OpenIndex,
        Action::OpenChronology,
        Action::Edit(InputRequest::DeletePrevChar),
        Action::Edit(InputRequest::DeleteLine),
        Action::Edit(InputRequest::GoToPrevChar),
    ]);
    prop_oneof![
        6 => simple,
        3 => prop::sample::select(vec!['a', 'e', 'r', ' ', '|', '!', '\'', '^', '$', ':', 'ö', '2', '-'])
            .prop_map(|c| Action::Edit(InputRequest::InsertChar(c))),
        1 => (0usize..5).prop_map(|i| Action::Focus(Pane::ALL[i])),
        1 => (0u16..220, 0u16..70).prop_map(|(column, row)| Action::Click { column, row }),
        1 => (0u16..220, 0u16..70).prop_map(|(column, row)| Action::ScrollDown { column, row }),
        1 => (0u16..220, 0u16..70).prop_map(|(column, row)| Action::ScrollUp { column, row }),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => action().prop_map(Op::Act),
        2 => prop_oneof![
            (0u16..8, 0u16..8),
            (8u16..220, 4u16..70),
            Just((400u16, 150u16)),
        ]
        .prop_map(|(w, h)| Op::Resize(w, h)),
        3 => Just(Op::FinishSearch),
        1 => (0usize..4).prop_map(Op::Reload),
        1 => (0usize..4).prop_map(Op::Patch),
        1 => Just(Op::OwnEntities),
        1 => Just(Op::OnePiece),
    ]
}

/// What must hold after every step.
fn check(state: &State) {
    // Every briefing the entity index names is one of the corpus it was built over.
    let known = state.entities_of.briefings.len();
    assert!(
        state
            .entities
            .entities
            .iter()
            .flat_map(|e| &e.appearances)
            .all(|a| a.briefing() < known),
        "the entity index names a briefing its corpus does not have"
    );
    let n = state.corpus.briefings.len();
    assert!(
        state.visible.iter().all(|&i| i < n),
        "a listed briefing is not loaded"
    );
    let mut seen = state.visible.clone();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(
        seen.len(),
        state.visible.len(),
        "a briefing is listed twice"
    );
    assert!(
        state.visible.is_empty() && state.selected == 0 || state.selected < state.visible.len(),
        "selected {} of {}",
        state.selected,
        state.visible.len()
    );
    for pane in Pane::DETAIL {
        let len = state.pane_len(pane);
        let cursor = state.cursor(pane);
        assert!(
            len == 0 && cursor == 0 || cursor < len,
            "{pane:?}: cursor {cursor} of {len}"
        );
        assert!(
            state
                .shown_items(pane)
                .iter()
                .all(|&i| i < state.item_count(pane))
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_sessions_never_panic_and_keep_the_state_consistent(ops in prop::collection::vec(op(), 1..50)) {
        let (corpus, index) = corpora()[2].clone();
        let mut state = State::with_index(corpus, index, Theme::new(ColorDepth::Indexed256));
        update(&mut state, Action::Resize { width: 120, height: 40 });
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        for op in ops {
            match op {
                Op::Act(action) => update(&mut state, action),
                Op::Resize(width, height) => update(&mut state, Action::Resize { width, height }),
                Op::FinishSearch => complete_search(&mut state),
                Op::Reload(i) => {
                    let (corpus, index) = corpora()[i].clone();
                    let entities = Arc::new(EntityIndex::build(&corpus));
                    let entities_of = Arc::clone(&corpus);
                    apply_reload(
                        &mut state,
                        Loaded { corpus, index, entities, entities_of, stage: Stage::Whole },
                    );
                }
                Op::Patch(i) => {
                    let previous = Loaded::shown(&state);
                    let corpus = (*corpora()[i].0).clone();
                    apply_reload(&mut state, Loaded::patched(&previous, corpus));
                }
                Op::OwnEntities => {
                    let own = Loaded::shown(&state).with_own_entities();
                    apply_reload(&mut state, own);
                }
                Op::OnePiece => {
                    let whole = Loaded::shown(&state).in_one_piece();
                    apply_reload(&mut state, whole);
                }
            }
            check(&state);
            let area = ratatui::layout::Rect::new(0, 0, state.width, state.height);
            if terminal.size().unwrap() != area.as_size() {
                terminal.backend_mut().resize(state.width, state.height);
                terminal.resize(area).unwrap();
            }
            terminal.draw(|f| render(&state, f)).unwrap();
            state.quit = false;
            state.pending_copy = None;
        }
    }
}
