//! The browser in the local terminal: terminal setup and restore, signals, the panic hook,
//! suspending, and the clipboard through this terminal. The loop, the search worker and the
//! corpus service every session shares are in `session`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use std::sync::atomic::{AtomicBool, Ordering};

use crate::app::{Action, Loaded, State, update};
use crate::model::{Corpus, Origin};
use crate::screen::SafeBackend;
use crate::search::SearchIndex;
use crate::session::WORKER_FAILURES;
use crate::session::{
    Clipboard, EventSource, LoopExit, Reloader, Searcher, run_loop, take_worker_failures,
};
use crate::ui::{self, ColorDepth, Theme};

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
            return Ok(Some("via tmux's buffer"));
        }
        let mut out = io::stdout();
        out.write_all(osc52(text, in_tmux).as_bytes())?;
        out.flush()?;
        Ok(in_tmux.then_some("through tmux, which drops it unless allow-passthrough is on"))
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
/// Set by the signal thread; read by the loop between events (at least every 250 ms).
static STOP: AtomicBool = AtomicBool::new(false);
static SUSPEND: AtomicBool = AtomicBool::new(false);
static RESUMED: AtomicBool = AtomicBool::new(false);
/// The editor has the terminal: Ctrl-c and Ctrl-z there are the editor's (they reach the whole
/// foreground group), not ours.
static EDITING: AtomicBool = AtomicBool::new(false);

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

/// The sequences that undo what [`enter_terminal`] did (and what a `brief serve` session did to
/// its client's terminal): mouse reporting off (every mode crossterm turns on), the main screen
/// back, the cursor shown.
pub(crate) const RESTORE_SEQUENCE: &[u8] =
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
                SIGINT | SIGTSTP if EDITING.load(Ordering::SeqCst) => {}
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

/// Stops the process until `fg`, with the terminal restored meanwhile.
fn suspend(mouse: bool) -> io::Result<()> {
    restore_terminal();
    // SIGTSTP is caught (to get here); the default action is what stops the process.
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    RESUMED.store(false, Ordering::SeqCst);
    enter_terminal(mouse)
}

/// Hands the terminal to the editor for `request` and takes it back: the status line says
/// how it went. `true` when the editor ran to its end (the file may have changed).
fn edit(state: &mut State, mouse: bool) -> io::Result<bool> {
    let Some(request) = state.pending_edit.take() else {
        return Ok(false);
    };
    let var = |name| std::env::var(name).ok();
    let launch =
        crate::editor::prepare(&request, var("VISUAL").as_deref(), var("EDITOR").as_deref());
    let launch = match launch {
        Ok(launch) => launch,
        Err(why) => {
            state.message = Some(why);
            return Ok(false);
        }
    };
    restore_terminal();
    EDITING.store(true, Ordering::SeqCst);
    let outcome = launch.run();
    EDITING.store(false, Ordering::SeqCst);
    SUSPEND.store(false, Ordering::SeqCst);
    enter_terminal(mouse)?;
    let edited = outcome.is_ok();
    state.message = Some(outcome.unwrap_or_else(|e| e));
    Ok(edited)
}

/// `brief [PATH]...`: the browser on the same sources as `brief list`, set up as `config` says
/// (`mouse` is false with `--no-mouse`).
pub fn run(paths: &[PathBuf], mouse: bool, config: crate::config::UserConfig) -> ExitCode {
    let origin = crate::config::origin(paths);
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
    let theme = Theme::from_palette(&config.config.palette, ColorDepth::from_env());
    let mut searcher = Searcher::start(Arc::clone(&corpus), Arc::clone(&index));
    let mut state = State::with_index(corpus, index, theme);
    if watched.is_some() {
        state.loading = Some((0, 0));
    }
    configure(&mut state, config, origin == Origin::Bundled, mouse);
    let mouse = state.mouse;
    match session(&mut state, &mut searcher, watched, mouse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            restore_terminal();
            crate::say!("brief: terminal error: {e:#}");
            ExitCode::from(crate::cli::EXIT_USAGE)
        }
    }
}

/// Applies the user's settings to the local browser's state; its problems go to the load
/// problems and the status line. `mouse` is false with `--no-mouse`; the config's `mouse` can
/// turn it off too.
pub fn configure(state: &mut State, config: crate::config::UserConfig, bundled: bool, mouse: bool) {
    let crate::config::UserConfig {
        config, problems, ..
    } = config;
    state.mouse = mouse && config.mouse;
    state.keymap = Arc::new(config.keymap);
    state.date_format = config.date_format;
    crate::app::sort_by(state, config.sort);
    state.read_only = bundled.then(|| {
        "the bundled briefings are part of brief; open a folder of your own to edit".to_string()
    });
    // The status line says how many problems there are for as long as there are any.
    state.config_problems = problems;
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
                reloader
                    .as_mut()
                    .map(|r| r as &mut dyn crate::session::CorpusFeed),
                &signalled,
            )? {
                LoopExit::Quit => return Ok(()),
                LoopExit::Suspend => {
                    suspend(mouse).context("suspending and resuming")?;
                    terminal.clear().context("redrawing after resuming")?;
                }
                LoopExit::Edit => {
                    let edited =
                        edit(state, mouse).context("taking the terminal back from the editor")?;
                    // The watcher sees the edit too; reading now does not wait for it.
                    if edited && let Some(r) = reloader.as_mut() {
                        r.load_now();
                    }
                    terminal.clear().context("redrawing after the editor")?;
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
