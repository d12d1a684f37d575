//! The interactive terminal session: terminal setup and restore, signals, and the event loop.
//!
//! The loop is generic over the ratatui backend and the source of input events, so that tests
//! drive it with a `TestBackend` and scripted events, and one process could serve the same UI to
//! several sessions, each with its own `State` over one shared corpus.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use std::sync::atomic::Ordering;
use std::sync::mpsc;

use crate::app::{Action, Mode, SearchResults, State, action_for_key, action_for_mouse, update};
use crate::model::{Corpus, Origin};
use crate::screen::SafeBackend;
use crate::search::{self, Generation, Query, SearchIndex};
use crate::ui::{self, ColorDepth, Theme};

/// Where input comes from: the real terminal, or a script in tests.
pub trait EventSource {
    /// The next event, or `None` when nothing arrived within `timeout`.
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>>;
}

/// Events from the terminal through crossterm.
pub struct TerminalEvents;

impl EventSource for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        if event::poll(timeout)? {
            event::read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// What the loop asks of its caller beyond drawing: things only the owner of the terminal does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopExit {
    Quit,
    Suspend,
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
        Event::Key(key) => action_for_key(*key, mode),
        Event::Mouse(m) => action_for_mouse(*m),
        Event::Resize(width, height) => {
            let (width, height) = crate::screen::clamp_size(*width, *height);
            Some(Action::Resize { width, height })
        }
        _ => None,
    }
}

/// Where copied text goes: the terminal's clipboard through OSC 52, or a test's buffer.
pub trait Clipboard {
    fn copy(&mut self, text: &str) -> io::Result<()>;
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard. It works over
/// SSH; inside tmux (`TMUX` set) it is wrapped so that tmux passes it on.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    use base64::Engine;
    // What lands on the clipboard is pasted into terminals later: it passes the sanitizer too.
    let payload =
        base64::engine::general_purpose::STANDARD.encode(crate::sanitize::visible(text).as_bytes());
    let sequence = format!("\x1b]52;c;{payload}\x07");
    if in_tmux {
        format!("\x1bPtmux;\x1b{sequence}\x1b\\")
    } else {
        sequence
    }
}

/// Writes OSC 52 to the terminal.
pub struct Osc52;

impl Clipboard for Osc52 {
    fn copy(&mut self, text: &str) -> io::Result<()> {
        let mut out = io::stdout();
        out.write_all(osc52(text, std::env::var_os("TMUX").is_some()).as_bytes())?;
        out.flush()
    }
}

/// Runs search passes off the input thread. A pass checks between chunks whether a newer
/// query has arrived and gives up if so, so typing is never blocked and no stale pass runs on.
pub struct Searcher {
    requests: mpsc::Sender<SearchRequest>,
    results: mpsc::Receiver<SearchResults>,
    latest: Arc<Generation>,
    /// The newest generation asked for.
    asked: u64,
}

/// A query to run over a corpus and its index (they change when files are reloaded).
struct SearchRequest {
    generation: u64,
    query: Query,
    corpus: Arc<Corpus>,
    index: Arc<SearchIndex>,
}

impl Searcher {
    pub fn start(corpus: Arc<Corpus>, index: Arc<SearchIndex>) -> Searcher {
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        let (outbox, results) = mpsc::channel();
        let latest = Arc::new(Generation::new(0));
        let current = Arc::clone(&latest);
        std::thread::spawn(move || {
            // A first pass touches every part of the index once; doing it now, while the user
            // reads the first screen, keeps that cost off their first keystroke.
            if let Ok(warm_up) = search::parse("e") {
                let mut cache = search::SearchCache::default();
                let _ = search::search(&index, &corpus, &warm_up, &current, 0, &mut cache);
            }
            let mut cache = search::SearchCache::default();
            let mut cached_index = index;
            while let Ok(mut request) = inbox.recv() {
                // Only the newest of the queries waiting matters.
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                if !Arc::ptr_eq(&cached_index, &request.index) {
                    cache = search::SearchCache::default();
                    cached_index = Arc::clone(&request.index);
                }
                let SearchRequest {
                    generation,
                    query,
                    corpus,
                    index,
                } = request;
                if let Some(hits) =
                    search::search(&index, &corpus, &query, &current, generation, &mut cache)
                    && outbox.send(SearchResults { generation, hits }).is_err()
                {
                    return;
                }
            }
        });
        Searcher {
            requests,
            results,
            latest,
            asked: 0,
        }
    }

    /// Asks for the state's query if it has changed since the last request.
    pub fn request_if_needed(&mut self, state: &State) {
        let generation = state.filter.generation;
        if state.needs_search() && generation != self.asked {
            self.asked = generation;
            self.latest.store(generation, Ordering::Relaxed);
            let _ = self.requests.send(SearchRequest {
                generation,
                query: state.filter.line.query.clone(),
                corpus: Arc::clone(&state.corpus),
                index: Arc::clone(&state.index),
            });
        }
    }

    fn busy(&self, state: &State) -> bool {
        state.needs_search()
    }
}

/// Watches the files and folders briefings come from and reloads them, off the input thread,
/// within a second of a change.
pub struct Reloader {
    origin: Origin,
    changes: mpsc::Receiver<()>,
    _watcher: notify::RecommendedWatcher,
    done: mpsc::Receiver<(Arc<Corpus>, Arc<SearchIndex>)>,
    finished: mpsc::Sender<(Arc<Corpus>, Arc<SearchIndex>)>,
    /// When the burst of changes is over and a reload should start.
    due: Option<std::time::Instant>,
    running: bool,
}

impl Reloader {
    /// Changes closer together than this are one reload (an editor writes a file in steps).
    const SETTLE: Duration = Duration::from_millis(150);

    /// A watcher for `origin`, or `None` for the bundled corpus (which cannot change) or when
    /// the system refuses to watch.
    pub fn watch(origin: &Origin) -> Option<Reloader> {
        use notify::{RecursiveMode, Watcher};
        let paths: Vec<PathBuf> = match origin {
            Origin::Paths(ps) | Origin::EnvPath(ps) => ps.clone(),
            Origin::LocalFolder(p) => vec![p.clone()],
            Origin::Bundled => return None,
        };
        let (tx, changes) = mpsc::channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if event.is_ok_and(|e| !e.kind.is_access()) {
                    let _ = tx.send(());
                }
            })
            .ok()?;
        for p in &paths {
            // A path that cannot be watched is reported by the loader already.
            let _ = watcher.watch(p, RecursiveMode::Recursive);
        }
        let (finished, done) = mpsc::channel();
        Some(Reloader {
            origin: origin.clone(),
            changes,
            _watcher: watcher,
            done,
            finished,
            due: None,
            running: false,
        })
    }

    /// Whether a reload is waiting or running: the event loop then polls more often.
    pub fn pending(&self) -> bool {
        self.due.is_some() || self.running
    }

    /// Starts a reload once changes settle, and returns a finished one.
    pub fn poll(&mut self, current: &Arc<Corpus>) -> Option<(Arc<Corpus>, Arc<SearchIndex>)> {
        while self.changes.try_recv().is_ok() {
            self.due = Some(std::time::Instant::now() + Self::SETTLE);
        }
        if let Ok(result) = self.done.try_recv() {
            self.running = false;
            return Some(result);
        }
        if !self.running && self.due.is_some_and(|d| std::time::Instant::now() >= d) {
            self.due = None;
            self.running = true;
            let (origin, previous, finished) = (
                self.origin.clone(),
                Arc::clone(current),
                self.finished.clone(),
            );
            std::thread::spawn(move || {
                let corpus = Arc::new(previous.reload(&origin));
                let index = Arc::new(SearchIndex::build(&corpus));
                let _ = finished.send((corpus, index));
            });
        }
        None
    }
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
    mut reloader: Option<&mut Reloader>,
) -> io::Result<LoopExit>
where
    B::Error: Into<io::Error>,
{
    let mut dirty = true;
    loop {
        while let Ok(results) = searcher.results.try_recv() {
            update(state, Action::SearchDone(results));
            dirty = true;
        }
        if let Some(r) = reloader.as_deref_mut()
            && let Some((corpus, index)) = r.poll(&state.corpus)
        {
            crate::app::apply_reload(state, corpus, index);
            searcher.request_if_needed(state);
            dirty = true;
        }
        if dirty {
            terminal
                .draw(|frame| ui::render(state, frame))
                .map_err(Into::into)?;
            dirty = false;
        }
        let reloading = reloader.as_deref().is_some_and(Reloader::pending);
        let timeout = if searcher.busy(state) {
            Duration::from_millis(5)
        } else if reloading {
            Duration::from_millis(50)
        } else {
            Duration::from_millis(250)
        };
        let Some(event) = events.next(timeout)? else {
            if stop_requested() {
                return Ok(LoopExit::Quit);
            }
            continue;
        };
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
        if let Some(text) = state.pending_copy.take() {
            clipboard.copy(&text)?;
        }
        searcher.request_if_needed(state);
        dirty = true;
    }
}

static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn stop_requested() -> bool {
    STOP.load(Ordering::Relaxed)
}

/// Puts the terminal back as it was. Safe to call more than once and from any thread.
pub fn restore_terminal() {
    let mut out = io::stdout();
    let _ = crossterm::execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

fn enter_terminal(mouse: bool) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    crossterm::execute!(out, EnterAlternateScreen)?;
    if mouse {
        crossterm::execute!(out, EnableMouseCapture)?;
    }
    // crossterm starts listening for window size changes at its first poll; poll now so that a
    // resize during the first draw (tiling window managers do that) is not lost.
    event::poll(Duration::ZERO)?;
    Ok(())
}

/// SIGTERM, SIGINT and SIGHUP restore the terminal and end the process at once, from a
/// thread of their own: after a hangup the terminal is gone and reading it may never return.
fn install_signal_handlers() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            STOP.store(true, Ordering::Relaxed);
            if signal != SIGHUP {
                restore_terminal();
            }
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// Stops the process until `fg`, with the terminal restored meanwhile.
fn suspend(mouse: bool) -> io::Result<()> {
    restore_terminal();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enter_terminal(mouse)
}

/// `brief [PATH]...`: the browser on the same sources as `brief list`.
pub fn run(paths: &[PathBuf], mouse: bool) -> ExitCode {
    let origin = Origin::resolve(paths);
    let corpus = Arc::new(Corpus::load(&origin));
    let index = Arc::new(SearchIndex::build(&corpus));
    let theme = Theme::new(ColorDepth::from_env());
    let mut searcher = Searcher::start(Arc::clone(&corpus), Arc::clone(&index));
    let mut reloader = Reloader::watch(&origin);
    let mut state = State::with_index(corpus, index, theme);
    match session(&mut state, &mut searcher, reloader.as_mut(), mouse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            restore_terminal();
            crate::say!("brief: terminal error: {e:#}");
            ExitCode::from(crate::cli::EXIT_USAGE)
        }
    }
}

fn session(
    state: &mut State,
    searcher: &mut Searcher,
    mut reloader: Option<&mut Reloader>,
    mouse: bool,
) -> anyhow::Result<()> {
    use anyhow::Context;
    install_panic_hook();
    install_signal_handlers().context("listening for SIGTERM, SIGINT and SIGHUP")?;
    enter_terminal(mouse).context("switching the terminal to full-screen mode")?;
    let result = (|| -> anyhow::Result<()> {
        let mut terminal = Terminal::new(SafeBackend::new(CrosstermBackend::new(io::stdout())))
            .context("opening the terminal")?;
        loop {
            let size = terminal.size()?;
            update(
                state,
                Action::Resize {
                    width: size.width,
                    height: size.height,
                },
            );
            match run_loop(
                &mut terminal,
                &mut TerminalEvents,
                state,
                searcher,
                &mut Osc52,
                reloader.as_deref_mut(),
            )? {
                LoopExit::Quit => return Ok(()),
                LoopExit::Suspend => {
                    suspend(mouse).context("suspending and resuming")?;
                    terminal.clear().context("redrawing after resuming")?;
                }
            }
        }
    })();
    restore_terminal();
    result
}
