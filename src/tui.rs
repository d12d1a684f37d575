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

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::app::{
    Action, Loaded, Mode, SearchResults, State, action_for_key, action_for_mouse, update,
};
use crate::model::{Corpus, Origin, affects_briefings};
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

/// Whether the terminal on standard input or output has hung up (its other end is closed),
/// waiting up to `timeout_ms` for it.
fn terminal_hung_up(timeout_ms: i32) -> bool {
    use std::io::IsTerminal;
    let mut fds = Vec::with_capacity(2);
    if io::stdin().is_terminal() {
        fds.push(libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: 0,
            revents: 0,
        });
    }
    fds.push(libc::pollfd {
        fd: libc::STDOUT_FILENO,
        events: 0,
        revents: 0,
    });
    // SAFETY: a valid array of `pollfd` of the given length. With no events asked for, poll
    // returns only for a hangup or an error, or at the timeout.
    let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
    if ready < 0 {
        // Interrupted, or out of resources for a moment: wait as long as a timeout would, so
        // that the watching thread never spins.
        std::thread::sleep(Duration::from_millis(timeout_ms.max(0) as u64));
        return false;
    }
    ready > 0
        && fds
            .iter()
            .any(|p| p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0)
}

/// What the loop asks of its caller beyond drawing: things only the owner of the terminal does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopExit {
    Quit,
    Suspend,
    /// The process was continued after a stop it did not ask for (`kill -STOP`, then `fg`):
    /// the terminal must be set up again and redrawn.
    Resumed,
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
        // Only a filter line takes text; no more of it than a query can hold is kept.
        Event::Paste(text) if mode == Mode::Filter => Some(Action::Paste(
            crate::text::prefix(text, crate::search::MAX_QUERY_CHARS + 1).to_string(),
        )),
        _ => None,
    }
}

/// Where copied text goes: the terminal's clipboard through OSC 52, or a test's buffer.
pub trait Clipboard {
    /// Puts `text` on the clipboard, and says how, for the status line, when that is more
    /// than that it was sent.
    fn copy(&mut self, text: &str) -> io::Result<Option<&'static str>>;
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
    fn copy(&mut self, text: &str) -> io::Result<Option<&'static str>> {
        let in_tmux = std::env::var_os("TMUX").is_some();
        // tmux ignores an application's OSC 52 by default (set-clipboard is `external`) and
        // drops the wrapped one (allow-passthrough is off): its own buffer, loaded with `-w`,
        // reaches the outer terminal's clipboard with the default settings (tmux 3.2 and later).
        if in_tmux && tmux_load_buffer(text) {
            return Ok(Some("into tmux's buffer and, through tmux, the clipboard"));
        }
        let mut out = io::stdout();
        out.write_all(osc52(text, in_tmux).as_bytes())?;
        out.flush()?;
        Ok(in_tmux.then_some(
            "sent through tmux, which drops it unless allow-passthrough is on (see README)",
        ))
    }
}

/// `tmux load-buffer -w -` with the (sanitized) text: whether tmux took it.
fn tmux_load_buffer(text: &str) -> bool {
    use std::process::{Command, Stdio};
    let Ok(mut child) = Command::new("tmux")
        .args(["load-buffer", "-w", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    let written = child.stdin.take().is_some_and(|mut stdin| {
        stdin
            .write_all(crate::sanitize::visible(text).as_bytes())
            .is_ok()
    });
    child.wait().is_ok_and(|status| status.success()) && written
}

/// Runs search passes off the input thread. A pass checks between chunks whether a newer
/// query has arrived and gives up if so, so typing is never blocked and no stale pass runs on.
pub struct Searcher {
    requests: mpsc::Sender<SearchRequest>,
    results: mpsc::Receiver<SearchResults>,
    latest: Arc<Generation>,
    /// The newest generation asked for.
    asked: u64,
    worker: std::thread::JoinHandle<()>,
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
        let worker = spawn_worker("search", move || {
            // A first pass touches every part of the index once; doing it now, while the user
            // reads the first screen, keeps that cost off their first keystroke.
            if let Ok(warm_up) = search::parse("e") {
                let mut cache = search::SearchCache::default();
                let _ = search::search(&index, &corpus, &warm_up, &current, 0, &mut cache);
            }
            let mut cache = search::SearchCache::default();
            let mut cached_index = index;
            while let Ok(mut request) = inbox.recv() {
                if fault("search-panic") {
                    panic!("injected fault: search-panic");
                }
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
            worker,
        }
    }

    /// Whether the worker has ended, which it only does by failing: the loop then starts a
    /// new one instead of waiting for results that never come.
    pub fn died(&self) -> bool {
        self.worker.is_finished()
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
///
/// A folder is watched recursively and through its parent, so that it is seen again when it is
/// deleted and made anew; a file is watched through its folder, so that saves by rename (what
/// most editors do) keep being seen after the first one.
pub struct Reloader {
    origin: Origin,
    targets: Vec<PathBuf>,
    changes: mpsc::Receiver<Change>,
    watcher: notify::RecommendedWatcher,
    done: mpsc::Receiver<Option<Loaded>>,
    finished: mpsc::Sender<Option<Loaded>>,
    /// When the burst of changes is over and a reload should start.
    due: Option<std::time::Instant>,
    running: bool,
    /// A watched folder itself was created or removed: its watch must be set up again.
    rewatch: bool,
    /// Why some change may be missed, for the status line.
    problem: Option<String>,
    /// (files read, files in all) of the running load.
    progress: Arc<(AtomicUsize, AtomicUsize)>,
}

/// What the watcher saw.
enum Change {
    /// Something changed at or under a watched path; `true` when it is the watched folder itself.
    Changed(bool),
    /// The watcher failed.
    Failed(String),
}

impl Reloader {
    /// Changes closer together than this are one reload (an editor writes a file in steps).
    const SETTLE: Duration = Duration::from_millis(150);

    /// A watcher for `origin`, or `None` for the bundled corpus (which cannot change) or when
    /// the system refuses to watch.
    pub fn watch(origin: &Origin) -> Option<Reloader> {
        let targets: Vec<PathBuf> = match origin {
            Origin::Paths(ps) | Origin::EnvPath(ps) => ps.clone(),
            Origin::LocalFolder(p) => vec![p.clone()],
            Origin::Bundled => return None,
        };
        // Absolute, so that event paths (always absolute) can be compared with them.
        let targets: Vec<PathBuf> = targets
            .iter()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
            .collect();
        let (tx, changes) = mpsc::channel();
        let watched = targets.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let change = match event {
                Ok(e) if e.kind.is_access() => return,
                Ok(e) => {
                    let relevant = e
                        .paths
                        .iter()
                        .any(|p| watched.iter().any(|t| affects_briefings(t, p)));
                    if !relevant {
                        return;
                    }
                    Change::Changed(e.paths.iter().any(|p| watched.contains(p)))
                }
                Err(e) => Change::Failed(e.to_string()),
            };
            let _ = tx.send(change);
        })
        .ok()?;
        let (finished, done) = mpsc::channel();
        let mut reloader = Reloader {
            origin: origin.clone(),
            targets,
            changes,
            watcher,
            done,
            finished,
            due: None,
            running: false,
            rewatch: false,
            problem: None,
            progress: Arc::new((AtomicUsize::new(0), AtomicUsize::new(0))),
        };
        reloader.set_up_watches();
        Some(reloader)
    }

    /// (Re)starts the watches: each folder recursively and through its parent, each file
    /// through its folder. Paths that cannot be watched are named in [`Reloader::problem`].
    fn set_up_watches(&mut self) {
        use notify::{RecursiveMode, Watcher};
        let mut problems = Vec::new();
        for target in &self.targets {
            let parent = target.parent().filter(|p| !p.as_os_str().is_empty());
            if target.is_dir() {
                let _ = self.watcher.unwatch(target);
                if let Err(e) = self.watcher.watch(target, RecursiveMode::Recursive) {
                    problems.push(format!("{}: {e}", target.display()));
                }
                if let Some(parent) = parent {
                    let _ = self.watcher.watch(parent, RecursiveMode::NonRecursive);
                }
            } else if let Some(parent) = parent {
                if !target.exists() {
                    problems.push(format!("{} is gone", target.display()));
                }
                if let Err(e) = self.watcher.watch(parent, RecursiveMode::NonRecursive) {
                    problems.push(format!("{}: {e}", parent.display()));
                }
            }
        }
        self.problem =
            (!problems.is_empty()).then(|| format!("not watching {}", problems.join("; ")));
    }

    /// Why changes on disk may not be seen now, if they may not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Starts reading the briefings at once (the first load, while the screen is up).
    pub fn load_now(&mut self) {
        self.due = Some(std::time::Instant::now());
    }

    /// How far the running load is: (files read, files in all).
    pub fn progress(&self) -> (usize, usize) {
        (
            self.progress.0.load(Ordering::Relaxed),
            self.progress.1.load(Ordering::Relaxed),
        )
    }

    /// Whether a reload is waiting or running: the event loop then polls more often.
    pub fn pending(&self) -> bool {
        self.due.is_some() || self.running
    }

    /// Starts a reload once changes settle, and returns a finished one (`Some(None)` when the
    /// reload failed: the previous corpus stays).
    pub fn poll(&mut self, current: &Arc<Corpus>) -> Option<Option<Loaded>> {
        while let Ok(change) = self.changes.try_recv() {
            match change {
                Change::Changed(root) => {
                    self.rewatch |= root;
                    self.due = Some(std::time::Instant::now() + Self::SETTLE);
                }
                Change::Failed(e) => self.problem = Some(format!("watching failed: {e}")),
            }
        }
        if let Ok(result) = self.done.try_recv() {
            self.running = false;
            return Some(result);
        }
        if !self.running && self.due.is_some_and(|d| std::time::Instant::now() >= d) {
            self.due = None;
            if std::mem::take(&mut self.rewatch) {
                self.set_up_watches();
            }
            self.running = true;
            let (origin, previous, finished, progress) = (
                self.origin.clone(),
                Arc::clone(current),
                self.finished.clone(),
                Arc::clone(&self.progress),
            );
            spawn_worker("reload", move || {
                let reloaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let report = |done: usize, total: usize| {
                        progress.1.store(total, Ordering::Relaxed);
                        progress.0.fetch_max(done, Ordering::Relaxed);
                    };
                    progress.0.store(0, Ordering::Relaxed);
                    Loaded::build(previous.reload_with_progress(&origin, &report))
                }));
                let _ = finished.send(reloaded.ok());
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
        if let Some(exit) = signalled() {
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
            && let Some(reloaded) = r.poll(&state.corpus)
        {
            state.watch_problem = r.problem().map(str::to_string);
            match reloaded {
                Some(loaded) => {
                    crate::app::apply_reload(state, loaded);
                    searcher.request_if_needed(state);
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

/// Whether the test build was asked (by `BRIEF_TEST_FAULT`) to fail at `point`, so that the
/// end-to-end tests can show what a failure there does to the terminal. Never in a release build.
fn fault(point: &str) -> bool {
    cfg!(debug_assertions) && std::env::var("BRIEF_TEST_FAULT").is_ok_and(|f| f == point)
}

/// Set by the signal thread; read by the loop between events (at least every 250 ms).
static STOP: AtomicBool = AtomicBool::new(false);
static SUSPEND: AtomicBool = AtomicBool::new(false);
static RESUMED: AtomicBool = AtomicBool::new(false);

/// What a signal asks of the loop, if anything.
fn signalled() -> Option<LoopExit> {
    if STOP.load(Ordering::SeqCst) {
        Some(LoopExit::Quit)
    } else if SUSPEND.swap(false, Ordering::SeqCst) {
        Some(LoopExit::Suspend)
    } else if RESUMED.swap(false, Ordering::SeqCst) {
        Some(LoopExit::Resumed)
    } else {
        None
    }
}

/// The sequences that undo what [`enter_terminal`] did: mouse reporting off (every mode
/// crossterm turns on), the main screen back, the cursor shown.
const RESTORE_SEQUENCE: &[u8] =
    b"\x1b[?2004l\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";

/// The terminal's settings before raw mode, and the descriptor they belong to, for the abort
/// handler, which may only make async-signal-safe calls.
static SAVED_TERMIOS: std::sync::OnceLock<(i32, libc::termios)> = std::sync::OnceLock::new();

/// Puts the terminal back as it was. Safe to call more than once and from any thread.
pub fn restore_terminal() {
    let mut out = io::stdout();
    let _ = out.write_all(RESTORE_SEQUENCE);
    let _ = out.flush();
    let _ = crossterm::execute!(out, DisableMouseCapture, LeaveAlternateScreen);
    let _ = terminal::disable_raw_mode();
    if let Some((fd, termios)) = SAVED_TERMIOS.get() {
        // SAFETY: a valid descriptor and settings read from it by `tcgetattr`.
        unsafe { libc::tcsetattr(*fd, libc::TCSANOW, termios) };
    }
}

/// Saves the terminal's settings once, from the terminal itself (`/dev/tty`, whatever standard
/// input is), so that every way out can put them back.
fn save_termios() {
    if SAVED_TERMIOS.get().is_some() {
        return;
    }
    let Ok(tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    else {
        return;
    };
    // The descriptor stays open for the life of the process: the abort handler uses it.
    let fd = std::os::fd::IntoRawFd::into_raw_fd(tty);
    // SAFETY: `termios` is plain data, filled by `tcgetattr` on success.
    let mut termios: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(fd, &mut termios) } == 0 {
        let _ = SAVED_TERMIOS.set((fd, termios));
    }
}

/// Whether the terminal is in raw mode now (canonical mode off), as far as it can be told.
fn terminal_is_raw() -> bool {
    let Some((fd, _)) = SAVED_TERMIOS.get() else {
        return true;
    };
    // SAFETY: `termios` is plain data, filled by `tcgetattr` on success.
    let mut now: libc::termios = unsafe { std::mem::zeroed() };
    unsafe { libc::tcgetattr(*fd, &mut now) == 0 && now.c_lflag & libc::ICANON == 0 }
}

fn enter_terminal(mouse: bool) -> io::Result<()> {
    save_termios();
    // After a stop that was not ours the shell may have reset the terminal while crossterm
    // still believes it is raw: reset its record first, so that raw mode is really set.
    let _ = terminal::disable_raw_mode();
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    // Bracketed paste: a pasted line arrives as text, its newline never submits the filter.
    crossterm::execute!(out, EnterAlternateScreen, event::EnableBracketedPaste)?;
    if mouse {
        crossterm::execute!(out, EnableMouseCapture)?;
    }
    // crossterm starts listening for window size changes at its first poll; poll now so that a
    // resize during the first draw (tiling window managers do that) is not lost.
    event::poll(Duration::ZERO)?;
    Ok(())
}

/// SIGTERM, SIGINT and SIGHUP restore the terminal and end the process, from a thread of their
/// own; SIGTSTP from outside (`kill -TSTP`) suspends as Ctrl-z does, and SIGCONT after a stop
/// that was not ours sets the terminal up again. An abort (allocation failure, a panic while
/// panicking) restores the terminal before the process dies.
fn install_signal_handlers() -> io::Result<()> {
    use signal_hook::consts::{SIGABRT, SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGTSTP, SIGCONT])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            match signal {
                SIGTSTP => SUSPEND.store(true, Ordering::SeqCst),
                SIGCONT => RESUMED.store(true, Ordering::SeqCst),
                _ => {
                    STOP.store(true, Ordering::SeqCst);
                    // After a hangup the terminal may be gone: writing to it fails at once or,
                    // on a stalled connection, may block; the process ends either way.
                    std::thread::spawn(move || {
                        std::thread::sleep(Duration::from_millis(500));
                        std::process::exit(128 + signal);
                    });
                    restore_terminal();
                    std::process::exit(128 + signal);
                }
            }
        }
    });
    // A closed terminal sends SIGHUP only to its session's leader: a process started with
    // `setsid` learns it from its descriptors (and crossterm would read the dead one forever).
    std::thread::spawn(|| {
        loop {
            if terminal_hung_up(1000) {
                STOP.store(true, Ordering::SeqCst);
                restore_terminal();
                std::process::exit(128 + signal_hook::consts::SIGHUP);
            }
        }
    });
    // SAFETY: the handler only calls `write` and `tcsetattr`, both async-signal-safe, on data
    // that is never changed after it is set.
    unsafe {
        signal_hook::low_level::register(SIGABRT, restore_terminal_on_abort)?;
    }
    Ok(())
}

/// The terminal restore for an abort: raw writes and `tcsetattr` only. The abort goes on after
/// it (the default action runs once the handler returns and `abort` raises again).
fn restore_terminal_on_abort() {
    // SAFETY: async-signal-safe calls on a static buffer and a descriptor kept open.
    unsafe {
        libc::write(
            libc::STDOUT_FILENO,
            RESTORE_SEQUENCE.as_ptr().cast(),
            RESTORE_SEQUENCE.len(),
        );
        if let Some((fd, termios)) = SAVED_TERMIOS.get() {
            libc::tcsetattr(*fd, libc::TCSANOW, termios);
        }
    }
}

/// The thread that draws: only a panic there ends the browser. A worker's panic is kept and
/// reported by the loop, which goes on.
static UI_THREAD: std::sync::OnceLock<std::thread::ThreadId> = std::sync::OnceLock::new();

/// Failures of worker threads, by worker name, for the status line and the exit message.
static WORKER_FAILURES: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());

fn install_panic_hook() {
    let _ = UI_THREAD.set(std::thread::current().id());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let on_ui_thread = UI_THREAD
            .get()
            .is_none_or(|id| *id == std::thread::current().id());
        if on_ui_thread {
            restore_terminal();
            previous(info);
        } else {
            // Printing now would scribble over the screen; the loop reports it instead.
            let name = std::thread::current()
                .name()
                .unwrap_or("worker")
                .to_string();
            let message = panic_message(info);
            if let Ok(mut failures) = WORKER_FAILURES.lock() {
                failures.push((name, message));
            }
        }
    }));
}

fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string());
    match info.location() {
        Some(l) => format!("{payload} at {}:{}", l.file(), l.line()),
        None => payload,
    }
}

/// Starts a named worker thread (its name tells its panics apart).
fn spawn_worker(name: &str, work: impl FnOnce() + Send + 'static) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(work)
        .unwrap_or_else(|_| std::thread::spawn(|| {}))
}

/// The last failure recorded for the worker `name`, if any.
fn worker_failure(name: &str) -> Option<String> {
    let failures = WORKER_FAILURES.lock().ok()?;
    failures
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, m)| m.clone())
}

/// Every worker failure recorded, for the message printed after the terminal is restored.
fn take_worker_failures() -> Vec<String> {
    WORKER_FAILURES
        .lock()
        .map(|mut f| {
            f.drain(..)
                .map(|(name, message)| format!("internal error in the {name} worker: {message}"))
                .collect()
        })
        .unwrap_or_default()
}

/// Stops the process until `fg`, with the terminal restored meanwhile.
fn suspend(mouse: bool) -> io::Result<()> {
    restore_terminal();
    // SIGTSTP is caught (to get here); the default action is what stops the process.
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    RESUMED.store(false, Ordering::SeqCst);
    enter_terminal(mouse)
}

/// `brief [PATH]...`: the browser on the same sources as `brief list`.
pub fn run(paths: &[PathBuf], mouse: bool) -> ExitCode {
    let origin = Origin::resolve(paths);
    // Files and folders are read behind the screen, which comes up at once: the corpus starts
    // empty and the first load is a reload. The bundled corpus is read first (it is small and
    // cannot change).
    let watched = (origin != Origin::Bundled).then_some(&origin);
    let corpus = match watched {
        Some(_) => Corpus {
            source: origin.to_string(),
            ..Corpus::default()
        },
        None => Corpus::load(&origin),
    };
    let corpus = Arc::new(corpus);
    let index = Arc::new(SearchIndex::build(&corpus));
    let theme = Theme::new(ColorDepth::from_env());
    let mut searcher = Searcher::start(Arc::clone(&corpus), Arc::clone(&index));
    let mut state = State::with_index(corpus, index, theme);
    if watched.is_some() {
        state.loading = Some((0, 0));
    }
    match session(&mut state, &mut searcher, watched, mouse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            restore_terminal();
            crate::say!("brief: terminal error: {e:#}");
            ExitCode::from(crate::cli::EXIT_USAGE)
        }
    }
}

/// Tells the state the terminal's size.
fn fit_to_terminal<B: Backend>(state: &mut State, terminal: &Terminal<B>) -> io::Result<()>
where
    B::Error: Into<io::Error>,
{
    let size = terminal.size().map_err(Into::into)?;
    update(
        state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    Ok(())
}

/// Starts watching `origin` and loading it behind the screen; without a watcher, loads it now.
fn start_loading(state: &mut State, origin: &Origin) -> Option<Reloader> {
    let mut reloader = Reloader::watch(origin);
    match reloader.as_mut() {
        Some(r) => {
            r.load_now();
            state.watch_problem = r.problem().map(str::to_string);
        }
        None => {
            crate::app::apply_reload(state, Loaded::build(Corpus::load(origin)));
            state.watch_problem =
                Some("not watching for changes: the system refused a watcher".to_string());
        }
    }
    reloader
}

fn session(
    state: &mut State,
    searcher: &mut Searcher,
    watched: Option<&Origin>,
    mouse: bool,
) -> anyhow::Result<()> {
    let mut reloader: Option<Reloader> = None;
    use anyhow::Context;
    install_panic_hook();
    install_signal_handlers().context("listening for signals")?;
    enter_terminal(mouse).context("switching the terminal to full-screen mode")?;
    let result = (|| -> anyhow::Result<()> {
        let mut terminal = Terminal::new(SafeBackend::new(CrosstermBackend::new(io::stdout())))
            .context("opening the terminal")?;
        if let Some(origin) = watched {
            // The first frame comes before anything that grows with the corpus (setting up
            // the watches walks the folders).
            fit_to_terminal(state, &terminal)?;
            terminal.draw(|frame| ui::render(state, frame))?;
            reloader = start_loading(state, origin);
            searcher.request_if_needed(state);
        }
        loop {
            fit_to_terminal(state, &terminal)?;
            match run_loop(
                &mut terminal,
                &mut TerminalEvents,
                state,
                searcher,
                &mut Osc52,
                reloader.as_mut(),
            )? {
                LoopExit::Quit => return Ok(()),
                LoopExit::Suspend => {
                    suspend(mouse).context("suspending and resuming")?;
                    terminal.clear().context("redrawing after resuming")?;
                }
                LoopExit::Resumed => {
                    // After our own suspend the terminal is set up already; after a stop that
                    // was not ours the shell may have put it back to cooked mode.
                    if !terminal_is_raw() {
                        enter_terminal(mouse).context("resuming")?;
                    }
                    terminal.clear().context("redrawing after resuming")?;
                }
            }
        }
    })();
    restore_terminal();
    for failure in take_worker_failures() {
        crate::say!("brief: {failure}");
    }
    result
}
