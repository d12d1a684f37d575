//! Shared by the tests: states over the fixture corpora, rendering to a test backend, and
//! running the binary (`run`).
#![allow(dead_code)]

pub mod run;

use std::path::Path;
use std::sync::Arc;

use brief::app::{Action, State, update};
use brief::model::{Corpus, Origin};
use brief::ui::{ColorDepth, Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn corpus(rel: &str) -> Arc<Corpus> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let mut corpus = Corpus::load(&Origin::Paths(vec![path]));
    // Snapshots must not depend on where the repository is checked out.
    corpus.source = rel.to_string();
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    for d in &mut corpus.diagnostics {
        d.file = d.file.replace(&root, "");
        d.message = d.message.replace(&root, "");
    }
    for e in &mut corpus.briefings {
        Arc::make_mut(e).file = e.file.replace(&root, "");
    }
    Arc::new(corpus)
}

/// A state over `rel` at `width` x `height`, without colour so snapshots show text only.
pub fn state(rel: &str, width: u16, height: u16) -> State {
    let mut s = State::new(corpus(rel), Theme::new(ColorDepth::Mono));
    update(&mut s, Action::Resize { width, height });
    s
}

pub fn apply(state: &mut State, actions: &[Action]) {
    for a in actions {
        update(state, a.clone());
    }
}

/// The frame the browser draws for `state`, through the backend the browser draws through,
/// which sanitizes every cell.
fn drawn(state: &State) -> TestBackend {
    let mut terminal = Terminal::new(brief::screen::SafeBackend::new(TestBackend::new(
        state.width,
        state.height,
    )))
    .expect("test terminal");
    terminal.draw(|f| render(state, f)).expect("draw");
    terminal.backend().inner().clone()
}

/// The cells drawn for `state`, with their colours.
pub fn buffer(state: &State) -> ratatui::buffer::Buffer {
    drawn(state).buffer().clone()
}

/// The screen as text, one line per row.
pub fn screen(state: &State) -> String {
    let backend = drawn(state);
    if state.width == 0 {
        // The test backend cannot print a zero-width buffer; the draw above is what is tested.
        return "\n".repeat(usize::from(state.height));
    }
    backend.to_string()
}

/// The screen as text, then every run of cells drawn reversed (the selection, the shown tab)
/// or underlined (the selection of a pane without focus), row by row, so that a snapshot
/// shows what is selected as well as what is written.
pub fn screen_with_selection(state: &State) -> String {
    use ratatui::style::Modifier;
    let backend = drawn(state);
    let buffer = backend.buffer().clone();
    let mut out = backend.to_string();
    for (modifier, name) in [
        (Modifier::REVERSED, "reversed"),
        (Modifier::UNDERLINED, "underlined"),
    ] {
        for y in 0..state.height {
            let mut run = String::new();
            for x in 0..=state.width {
                let cell = (x < state.width).then(|| &buffer[(x, y)]);
                match cell {
                    Some(c) if c.modifier.contains(modifier) => run.push_str(c.symbol()),
                    _ if !run.is_empty() => {
                        out.push_str(&format!("row {y:>2} {name}: «{run}»\n"));
                        run.clear();
                    }
                    _ => {}
                }
            }
        }
    }
    out
}
