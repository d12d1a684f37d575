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
        if let Some(i) = e.file.find("tests/fixtures") {
            e.file = e.file[i..].to_string();
        }
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

/// The screen as text, one line per row.
pub fn screen(state: &State) -> String {
    // Through the backend the browser draws through, which sanitizes every cell.
    let mut terminal = Terminal::new(brief::screen::SafeBackend::new(TestBackend::new(
        state.width,
        state.height,
    )))
    .expect("test terminal");
    terminal.draw(|f| render(state, f)).expect("draw");
    if state.width == 0 {
        // The test backend cannot print a zero-width buffer; the draw above is what is tested.
        return "\n".repeat(usize::from(state.height));
    }
    terminal.backend().inner().to_string()
}
