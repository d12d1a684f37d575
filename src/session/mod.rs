//! What every browser session shares, whatever its terminal: the event loop, the search
//! worker and the corpus service with its watcher. A front end (the local terminal in
//! `tui`) owns the terminal and gives the loop its backend, its input and its way to stop.

mod corpus_service;
mod search_worker;
mod shared_corpus;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::app::{Action, Mode, State, action_for_mouse, update};
use crate::ui;

pub use corpus_service::Reloader;
pub use search_worker::Searcher;
pub use shared_corpus::{Published, Subscription, watch_and_publish};

/// Where a session's loop gets reloaded corpora: its own watcher (the local browser), or the
/// one watcher a server shares among its sessions.
pub trait CorpusFeed {
    /// (files read, files in all) of a load under way.
    fn progress(&self) -> (usize, usize);
    /// Whether a reload is waiting or running: the loop then polls more often.
    fn pending(&self) -> bool;
    /// A finished reload (`Some(None)` when it failed), given the corpus shown now.
    fn poll(&mut self, current: &crate::app::Loaded) -> Option<Option<crate::app::Loaded>>;
    /// Why changes on disk may not be seen now, if they may not.
    fn problem(&self) -> Option<&str>;
}

/// Where input comes from: the real terminal, or a script in tests.
pub trait EventSource {
    /// The next event, or `None` when nothing arrived within `timeout`.
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>>;
}

/// What the loop asks of its caller beyond drawing: things only the owner of the terminal does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopExit {
    Quit,
    Suspend,
    /// The process was continued after a stop it did not ask for (`kill -STOP`, then `fg`):
    /// the terminal must be set up again and redrawn.
    Resumed,
    /// `e` asked for the briefing in the editor ([`State::pending_edit`]): only a local front
    /// end can run one; it clears the request.
    Edit,
}

/// Maps one input event to an action for the current state.
pub fn action_for_event(state: &State, event: &Event) -> Option<Action> {
    let mode = if state.editing_filter().is_some() {
        Mode::Filter
    } else if state.overlay.is_some() || state.zoomed {
        Mode::Overlay
    } else if !state.views.is_empty() {
        Mode::View
    } else {
        Mode::Browse
    };
    match event {
        Event::Key(key) => state.keymap.action_for_key(*key, mode),
        Event::Mouse(m) => action_for_mouse(*m),
        Event::Resize(width, height) => {
            let (width, height) = crate::screen::clamp_size(*width, *height);
            Some(Action::Resize { width, height })
        }
        Event::Paste(text) if mode == Mode::Filter => Some(Action::Paste(kept_paste(text).into())),
        _ => None,
    }
}

/// The part of a paste the browser keeps: only a filter line takes text, and no more of it
/// than a query can hold.
pub fn kept_paste(text: &str) -> &str {
    crate::text::prefix(text, crate::search::MAX_QUERY_CHARS + 1)
}

/// Where copied text goes: the terminal's clipboard through OSC 52, or a test's buffer.
pub trait Clipboard {
    /// Puts `text` on the clipboard, and says how, for the status line, when that is more
    /// than that it was sent.
    fn copy(&mut self, text: &str) -> io::Result<Option<&'static str>>;
}

/// Draws, reads events and applies them until the user quits or suspends. Search results are
/// applied as they arrive; while a pass runs the loop polls input often, so keys are never kept
/// waiting behind a search.
pub fn run_loop<B: Backend, E: EventSource>(
    terminal: &mut Terminal<B>,
    events: &mut E,
    state: &mut State,
    searcher: &mut Searcher,
    clipboard: &mut dyn Clipboard,
    mut reloader: Option<&mut dyn CorpusFeed>,
    interrupted: &dyn Fn() -> Option<LoopExit>,
) -> io::Result<LoopExit>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let mut dirty = true;
    loop {
        if let Some(exit) = interrupted() {
            return Ok(exit);
        }
        while let Ok(results) = searcher.results.try_recv() {
            update(state, Action::SearchDone(results));
            dirty = true;
        }
        if searcher.died() {
            // The pass that was running failed; it is dropped, and the next query goes to a
            // new worker.
            *searcher = Searcher::start(Arc::clone(&state.corpus), Arc::clone(&state.index));
            searcher.asked = state.filter.generation;
            crate::app::complete_search(state);
            state.message = Some(format!(
                "the search failed on this query ({}); try another",
                worker_failure("search").unwrap_or_else(|| "internal error".into())
            ));
            dirty = true;
        }
        if let Some(r) = reloader.as_deref()
            && state.loading.is_some()
            && state.loading != Some(r.progress())
        {
            update(state, Action::LoadProgress(r.progress()));
            dirty = true;
        }
        if let Some(r) = reloader.as_deref_mut()
            && let Some(reloaded) = r.poll(&crate::app::Loaded::shown(state))
        {
            state.watch_problem = r.problem().map(str::to_string);
            match reloaded {
                Some(loaded) => {
                    // What a reload replaces (or does not take) may be the last hold on a
                    // corpus' indexes: hundreds of megabytes let go on another thread.
                    let let_go = (crate::app::Loaded::shown(state), loaded.clone());
                    crate::app::apply_reload(state, loaded);
                    searcher.request_if_needed(state);
                    spawn_worker("let go", move || drop(let_go));
                }
                None => {
                    state.message = Some(format!(
                        "reloading failed ({}); showing the briefings as they were",
                        worker_failure("reload").unwrap_or_else(|| "internal error".into())
                    ))
                }
            }
            dirty = true;
        }
        if dirty {
            terminal
                .draw(|frame| ui::render(state, frame))
                .map_err(io_error)?;
            dirty = false;
        }
        let reloading = reloader.as_deref().is_some_and(|r| r.pending());
        // A change on disk is only seen when the loop comes round: with a watcher, it comes
        // round often enough that a reload is on screen soon after the write.
        let timeout = if searcher.busy(state) {
            Duration::from_millis(5)
        } else if reloading {
            Duration::from_millis(10)
        } else if reloader.is_some() {
            Duration::from_millis(40)
        } else {
            Duration::from_millis(250)
        };
        // An event read is always handled; signals are looked at when the loop comes round.
        let Some(event) = events.next(timeout)? else {
            continue;
        };
        if fault("abort") && matches!(event, Event::Key(_)) {
            let layout = std::alloc::Layout::from_size_align(1 << 46, 1)
                .unwrap_or(std::alloc::Layout::new::<u8>());
            std::alloc::handle_alloc_error(layout);
        }
        let Some(action) = action_for_event(state, &event) else {
            continue;
        };
        if action == Action::Suspend {
            return Ok(LoopExit::Suspend);
        }
        update(state, action);
        if state.quit {
            return Ok(LoopExit::Quit);
        }
        if state.pending_edit.is_some() {
            return Ok(LoopExit::Edit);
        }
        if let Some(text) = state.pending_copy.take()
            && let Some(how) = clipboard.copy(&text)?
            && let Some(message) = &mut state.message
        {
            message.push_str(&format!(" {how}"));
        }
        searcher.request_if_needed(state);
        dirty = true;
    }
}

/// A backend's error as an IO error (it is one already for a terminal's backend).
fn io_error<E: std::error::Error + Send + Sync + 'static>(e: E) -> io::Error {
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    match boxed.downcast::<io::Error>() {
        Ok(e) => *e,
        Err(other) => io::Error::other(other),
    }
}

/// Whether the test build was asked (by `BRIEF_TEST_FAULT`) to fail at `point`, so that the
/// end-to-end tests can show what a failure there does to the terminal. Never in a release build.
pub(crate) fn fault(point: &str) -> bool {
    cfg!(debug_assertions) && std::env::var("BRIEF_TEST_FAULT").is_ok_and(|f| f == point)
}

/// Failures of worker threads, by worker name, for the status line and the exit message.
pub(crate) static WORKER_FAILURES: std::sync::Mutex<Vec<(String, String)>> =
    std::sync::Mutex::new(Vec::new());

/// Starts a named worker thread (its name tells its panics apart).
pub(crate) fn spawn_worker(
    name: &str,
    work: impl FnOnce() + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(work)
        .unwrap_or_else(|_| std::thread::spawn(|| {}))
}

/// The last failure recorded for the worker `name`, if any.
pub(crate) fn worker_failure(name: &str) -> Option<String> {
    let failures = WORKER_FAILURES.lock().ok()?;
    failures
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, m)| m.clone())
}

/// Every worker failure recorded, for the message printed after the terminal is restored.
pub fn take_worker_failures() -> Vec<String> {
    WORKER_FAILURES
        .lock()
        .map(|mut f| {
            f.drain(..)
                .map(|(name, message)| format!("internal error in the {name} worker: {message}"))
                .collect()
        })
        .unwrap_or_default()
}
