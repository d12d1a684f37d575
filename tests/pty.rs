//! End-to-end tests of the interactive browser: the real binary runs in a pseudo-terminal, a
//! reader thread feeds everything it writes to a vt100 parser, and the tests type the bytes a
//! terminal would send. Every check polls the parsed screen until a deadline.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::num::NonZeroU16;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const FIXTURES: &str = "tests/fixtures/good";
/// A config file that does not exist: the browser never reads the developer's own config.
const NO_CONFIG: &str = "/nonexistent/brief-tests/config.toml";
/// How long a screen may take to show what a test waits for.
const TIMEOUT: Duration = Duration::from_secs(3);
/// How long the process may take to end after it was told to.
const EXIT_TIMEOUT: Duration = Duration::from_secs(2);

const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// What the child wrote: parsed, and as raw bytes.
struct Output {
    parser: vt100::Parser,
    raw: Vec<u8>,
}

/// The binary running in a pseudo-terminal. Dropping it kills the child if it still runs, so
/// that a failing test leaves no process behind.
struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
    /// Asks the reader thread to close its copy of the pty master after its next read.
    release: Arc<AtomicBool>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal dimension is not zero")
}

fn lock(output: &Mutex<Output>) -> MutexGuard<'_, Output> {
    output
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The screen's rows as text, one string per row.
fn rows(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).collect()
}

/// Row and column of the first cell where `needle` starts, searching rows top to bottom.
fn find(screen: &vt100::Screen, needle: &str) -> Option<(u16, u16)> {
    rows(screen).iter().enumerate().find_map(|(r, row)| {
        let byte = row.find(needle)?;
        let col = row[..byte].chars().count();
        Some((r as u16, col as u16))
    })
}

/// Whether the cell where `needle` starts is drawn as a selected row (a background colour, or
/// reverse video without colours).
fn highlighted(screen: &vt100::Screen, needle: &str) -> bool {
    let Some((row, col)) = find(screen, needle) else {
        return false;
    };
    screen
        .cell(row, col)
        .is_some_and(|c| c.bgcolor() != vt100::Color::Default || c.inverse())
}

impl Tui {
    /// Starts `brief ARGS...` in a `cols`x`rows` pseudo-terminal, from the crate's root.
    fn spawn(args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::spawn_env(args, cols, rows, &[])
    }

    /// Like [`Tui::spawn`], with changes to the child's environment: `(name, Some(value))`
    /// sets a variable, `(name, None)` removes it.
    fn spawn_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, Option<&str>)]) -> Tui {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("BRIEF_CONFIG", NO_CONFIG);
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("COLORTERM");
        for (name, value) in env {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            }
        }
        let child = pair
            .slave
            .spawn_command(cmd)
            .expect("spawn brief in the pty");
        // Only the child keeps the slave open, so that reads see the end when it exits.
        drop(pair.slave);
        let master = pair.master;
        let writer = master.take_writer().expect("pty writer");
        let mut reader = master.try_clone_reader().expect("pty reader");
        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            raw: Vec::new(),
        }));
        let release = Arc::new(AtomicBool::new(false));
        let reader = {
            let output = Arc::clone(&output);
            let release = Arc::clone(&release);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    let n = match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => n,
                        Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                        // EIO once the child and with it the slave side are gone.
                        Err(_) => break,
                    };
                    let mut out = lock(&output);
                    out.parser.process(&buf[..n]);
                    out.raw.extend_from_slice(&buf[..n]);
                    drop(out);
                    if release.load(Ordering::SeqCst) {
                        break;
                    }
                }
            })
        };
        Tui {
            child,
            master: Some(master),
            writer: Some(writer),
            output,
            reader: Some(reader),
            release,
        }
    }

    /// `brief --no-mouse tests/fixtures/good`, the usual subject.
    fn good(cols: u16, rows: u16) -> Tui {
        Tui::spawn(&["--no-mouse", FIXTURES], cols, rows)
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a pid")
    }

    fn screen(&self) -> vt100::Screen {
        lock(&self.output).parser.screen().clone()
    }

    fn raw(&self) -> Vec<u8> {
        lock(&self.output).raw.clone()
    }

    fn send(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the pty writer is open");
        writer.write_all(bytes).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// Resizes the pty (the child gets SIGWINCH) and the parser with it.
    fn resize(&mut self, cols: u16, rows: u16) {
        lock(&self.output)
            .parser
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .as_ref()
            .expect("the pty master is open")
            .resize(size(cols, rows))
            .expect("resize the pty");
    }

    /// Polls the screen until `check` holds; panics with `what` and the screen otherwise.
    fn wait_for_screen(&self, what: &str, check: impl Fn(&vt100::Screen) -> bool) -> vt100::Screen {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}; the screen shows:\n{}",
                    screen.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Polls the screen's text until `check` holds.
    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> vt100::Screen {
        self.wait_for_screen(what, |screen| check(&screen.contents()))
    }

    /// The first frame of `tests/fixtures/good`, whatever the layout, drawn to its end (the
    /// cursor is hidden after the cells are written).
    fn wait_for_start(&self) -> vt100::Screen {
        self.wait_for_screen("the briefing list", |s| {
            let text = s.contents();
            text.contains("Briefings 3/3")
                && text.contains("Trade talks in Brasília")
                && s.hide_cursor()
        })
    }

    /// Waits until brief reads input, by a key round trip (`j`, then `k` back to the first
    /// briefing). Only then is SIGWINCH caught: a resize during the first draw is lost (see
    /// `a_resize_during_the_first_draw_is_not_lost`).
    fn settle(&mut self) {
        self.wait_for_start();
        self.send(b"j");
        self.wait_for_screen("j to select the second briefing", |s| {
            rows(s)[0].contains("With a byte order mark")
        });
        self.send(b"k");
        self.wait_for_screen("k to select the first briefing", |s| {
            rows(s)[0].contains("Trade talks in Brasília")
        });
    }

    fn assert_running(&mut self, when: &str) {
        match self.child.try_wait().expect("query the child") {
            None => {}
            Some(status) => {
                panic!(
                    "brief exited {when}: {status:?}; the screen shows:\n{}",
                    self.screen().contents()
                )
            }
        }
    }

    /// The exit status, if the child ends within `timeout`.
    fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("query the child") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the exit, panicking with the process's state from `ps` if it does not come.
    fn expect_exit(&mut self, after: &str) -> ExitStatus {
        match self.wait_exit(EXIT_TIMEOUT) {
            Some(status) => status,
            None => panic!(
                "brief still runs {EXIT_TIMEOUT:?} after {after}:\n{}\nthe screen shows:\n{}",
                ps(self.pid()),
                self.screen().contents()
            ),
        }
    }

    /// Waits until the reader thread has read everything the child wrote (after it exited).
    fn wait_output_end(&mut self) {
        let deadline = Instant::now() + TIMEOUT;
        let reader = self.reader.take().expect("the reader thread runs");
        while !reader.is_finished() {
            assert!(
                Instant::now() < deadline,
                "the pty did not report the end of output after the child exited"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        reader.join().expect("the reader thread did not panic");
    }

    /// Closes every copy of the pty master, as a terminal emulator does when its window is
    /// closed: the kernel hangs up the terminal and sends SIGHUP to the child.
    fn hang_up(&mut self) {
        // The reader thread holds a copy of the master, blocked in a read: ask it to close it,
        // and wake it with a NUL written to the slave side (terminals ignore NUL), so that this
        // does not depend on the child writing anything. The test process is no session leader,
        // so opening the slave does not make it the test's controlling terminal.
        self.release.store(true, Ordering::SeqCst);
        let master = self.master.as_ref().expect("the pty master is open");
        let slave = master.tty_name().expect("the pty's slave device");
        let mut slave = std::fs::OpenOptions::new()
            .write(true)
            .open(&slave)
            .expect("open the pty slave");
        slave.write_all(b"\0").expect("write to the pty slave");
        drop(slave);
        self.wait_output_end();
        drop(self.writer.take());
        drop(self.master.take());
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            // SIGHUP, then SIGKILL if the child is still there after a grace period.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What `ps` says about a process: state, CPU use and time, or nothing when it is gone.
fn ps(pid: u32) -> String {
    let out = std::process::Command::new("ps")
        .args(["-o", "pid=,stat=,pcpu=,time=,comm=", "-p", &pid.to_string()])
        .output()
        .expect("run ps");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// After the child ended: the parsed screen is back on the main screen with the cursor shown,
/// and the last thing written about the alternate screen was leaving it.
fn assert_terminal_restored(tui: &mut Tui) {
    tui.wait_output_end();
    let raw = tui.raw();
    let screen = tui.screen();
    assert!(
        contains(&raw, ENTER_ALT_SCREEN),
        "brief never entered the alternate screen"
    );
    let entered = rfind(&raw, ENTER_ALT_SCREEN);
    let left = rfind(&raw, LEAVE_ALT_SCREEN);
    assert!(
        left > entered,
        "the alternate screen was not left after it was last entered (\\x1b[?1049l missing)"
    );
    assert!(
        !screen.alternate_screen(),
        "the terminal is still on the alternate screen"
    );
    assert!(
        rfind(&raw, SHOW_CURSOR) > rfind(&raw, b"\x1b[?25l"),
        "the cursor was not shown again after it was last hidden (\\x1b[?25h missing)"
    );
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
}

#[test]
fn starts_with_the_list_the_four_panes_and_the_first_briefing_selected() {
    let tui = Tui::good(120, 40);
    let screen = tui.wait_for("the wide layout with the list and four panes", |s| {
        [
            "Trade talks in Brasília",
            "With a byte order mark",
            // At 120 columns the list is 36 wide: this title is cut after "meetin".
            "Regional council meet",
        ]
        .iter()
        .chain(&["Timeline", "Participants", "Agenda", "Outcomes"])
        .all(|t| s.contains(t))
    });
    let text = rows(&screen);
    // The header (right of the list's top border) names the selected briefing.
    let header = text[0].split('┐').nth(1).unwrap_or_default();
    assert!(
        header.contains("Trade talks in Brasília"),
        "header row: {:?}",
        text[0]
    );
    assert!(
        screen.contents().contains("Jörg Weber"),
        "the first briefing's participants are not shown"
    );
    assert!(
        highlighted(&screen, "2024-03-06 Trade talks in Brasília"),
        "the first briefing is not highlighted"
    );
    assert!(
        !highlighted(&screen, "2023-02-03 With a byte order mark"),
        "the second briefing is highlighted"
    );
    assert!(
        !highlighted(&screen, "2021-10-01 Regional council"),
        "the third briefing is highlighted"
    );
    assert!(
        screen.alternate_screen(),
        "the TUI is not on the alternate screen"
    );
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "--no-mouse still captures the mouse"
    );
}

#[test]
fn keys_select_focus_zoom_and_show_help() {
    let mut tui = Tui::good(120, 40);
    tui.wait_for_start();
    let header_shows = |title: &'static str| move |s: &vt100::Screen| rows(s)[0].contains(title);

    tui.send(b"j");
    let screen = tui.wait_for_screen(
        "j to select the second briefing",
        header_shows("With a byte order mark"),
    );
    assert!(
        highlighted(&screen, "2023-02-03 With a byte order mark"),
        "j did not move the highlight"
    );
    assert!(
        !highlighted(&screen, "2024-03-06 Trade talks"),
        "the first briefing is still highlighted after j"
    );
    tui.send(b"k");
    tui.wait_for_screen(
        "k to select the first briefing again",
        header_shows("Trade talks in Brasília"),
    );

    // With Participants focused, the detail area shows the focused participant in full.
    tui.send(b"3");
    tui.wait_for("3 to focus Participants", |s| {
        s.contains("Organization: Federal Ministry for Economic Affairs")
    });

    // Enter on a participant shows every briefing with them; Esc comes back.
    tui.send(b"\r");
    tui.wait_for("Enter to show the participant's briefings", |s| {
        s.contains("person: Jörg Weber · 1 briefing")
            && s.contains("2024-03-06 Trade talks in Brasília — State Secretary")
    });
    tui.send(b"\x1b");
    tui.wait_for("Esc to come back from the person", |s| {
        s.contains("3 Participants (2)") && !s.contains("person: Jörg Weber")
    });

    tui.send(b"z");
    let screen = tui.wait_for("z to zoom the participant", |s| {
        s.contains("┌ Participants ") && s.contains("Esc or q closes")
    });
    let (top, _) = find(&screen, "┌ Participants ").unwrap();
    let (bottom, _) = find(&screen, "Esc or q closes").unwrap();
    let text = rows(&screen);
    let inside = &text[usize::from(top) + 1..usize::from(bottom)];
    for line in [
        "Jörg Weber",
        "Role: State Secretary",
        "Organization: Federal Ministry for Economic Affairs",
    ] {
        assert!(
            inside.iter().any(|r| r.contains(&format!("│{line}"))),
            "the zoom window lacks {line:?}:\n{}",
            screen.contents()
        );
    }

    tui.send(b"\x1b");
    tui.wait_for("Esc to close the zoom", |s| {
        !s.contains("Esc or q closes") && s.contains("3 Participants (2)")
    });

    tui.send(b"?");
    tui.wait_for("? to open the help", |s| {
        s.contains("┌ Keys ")
            && s.contains("next pane")
            && s.contains("quit")
            && s.contains("move down")
    });
    tui.send(b"?");
    tui.wait_for("? to close the help", |s| {
        !s.contains("next pane") && !s.contains("┌ Keys ") && s.contains("Outcomes")
    });

    tui.send(b"q");
    let status = tui.expect_exit("q");
    assert!(status.success(), "q exited with {status:?}");
}

#[test]
fn survives_resizing_down_to_too_small_and_back() {
    let mut tui = Tui::good(120, 40);
    tui.wait_for("the wide layout", |s| s.contains("5 Outcomes (2)"));
    tui.settle();

    tui.resize(40, 12);
    tui.wait_for_screen("the narrow layout at 40x12", |s| {
        let text = rows(s);
        text.len() == 12
            && ["1 List", "2 Time", "3 Part", "4 Agen", "5 Outc"]
                .iter()
                .all(|tab| text[0].contains(tab))
            && text[1].starts_with("┌ 1 Briefings 3/3")
            && text[1].trim_end().ends_with('┐')
            && text[1].chars().count() == 40
            && text[11].contains("3/3 briefings")
            && s.contents().contains("Trade talks in Brasília")
    });
    tui.assert_running("after resizing to 40x12");

    tui.resize(20, 5);
    tui.wait_for("the enlarge message at 20x5", |s| {
        s.contains("Enlarge the window") && s.contains("now 20x5")
    });
    tui.assert_running("after resizing to 20x5");

    tui.resize(100, 30);
    tui.wait_for_screen("the normal screen at 100x30", |s| {
        let text = rows(s);
        let all = s.contents();
        !all.contains("Enlarge")
            && text[0].starts_with("┌ 1 Briefings 3/3")
            && text[0].contains("Trade talks in Brasília")
            && text[29].contains("3/3 briefings")
            && text[29].contains("q quit")
            && all.contains("Timeline (3)")
            && all.contains("Opening plenary")
    });
    tui.assert_running("after resizing to 100x30");

    tui.send(b"q");
    let status = tui.expect_exit("q");
    assert!(status.success(), "q after resizing exited with {status:?}");
}

#[test]
fn q_quits_with_success_and_restores_the_terminal() {
    let mut tui = Tui::good(100, 30);
    let screen = tui.wait_for_start();
    assert!(
        screen.alternate_screen(),
        "the TUI is not on the alternate screen"
    );
    assert!(
        screen.hide_cursor(),
        "the cursor is shown while the TUI runs"
    );
    tui.send(b"q");
    let status = tui.expect_exit("q");
    assert!(status.success(), "q exited with {status:?}");
    assert_terminal_restored(&mut tui);
}

/// The browser stays open: it gives up the allocator's transparent huge pages, which keep a
/// whole 2 MB resident for a few bytes used (src/memory.rs). Processes start with them allowed,
/// as this test's own does.
#[cfg(target_os = "linux")]
#[test]
fn the_browser_declines_transparent_huge_pages() {
    if common::run::thp_enabled(std::process::id()) != Some(true) {
        eprintln!("this kernel does not report THP_enabled, or starts processes without: skipped");
        return;
    }
    let mut tui = Tui::good(100, 30);
    tui.wait_for_start();
    assert_eq!(
        common::run::thp_enabled(tui.pid()),
        Some(false),
        "the browser keeps transparent huge pages"
    );
    tui.send(b"q");
    tui.expect_exit("q");
}

#[test]
fn sigterm_ends_promptly_and_restores_the_terminal() {
    let mut tui = Tui::good(100, 30);
    tui.wait_for_start();
    let pid = tui.pid().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("run kill");
    assert!(kill.success(), "kill -TERM {pid} failed");
    let status = tui.expect_exit("SIGTERM");
    assert!(
        !status.success(),
        "SIGTERM should not end brief with success: {status:?}"
    );
    assert_terminal_restored(&mut tui);
}

#[test]
fn hangup_ends_the_process() {
    let mut tui = Tui::good(100, 30);
    tui.wait_for_start();
    let pid = tui.pid();
    tui.hang_up();
    let status = tui.expect_exit("the pty master was closed");
    assert!(
        !status.success(),
        "a hangup should not end brief with success: {status:?}"
    );
    // Reaped, so gone: neither running (spinning) nor a zombie.
    let left = ps(pid);
    assert!(
        left.is_empty(),
        "brief is still listed after the hangup: {left}"
    );
}

#[test]
fn ctrl_c_quits_with_success() {
    let mut tui = Tui::good(100, 30);
    tui.wait_for_start();
    tui.send(b"\x03");
    let status = tui.expect_exit("Ctrl-c");
    assert!(status.success(), "Ctrl-c exited with {status:?}");
    assert_terminal_restored(&mut tui);
}

#[test]
fn mouse_click_selects_a_briefing_and_capture_ends_on_quit() {
    let mut tui = Tui::spawn(&[FIXTURES], 120, 40);
    let screen = tui.wait_for_start();
    assert_ne!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the mouse is not captured"
    );
    let (row, col) =
        find(&screen, "2021-10-01 Regional council").expect("the third briefing is listed");
    // SGR encoding, 1-based: left button press and release on the third briefing.
    let (x, y) = (col + 1, row + 1);
    tui.send(format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m").as_bytes());
    let screen = tui.wait_for_screen("a click to select the third briefing", |s| {
        rows(s)[0].contains("Regional council meeting")
    });
    assert!(
        highlighted(&screen, "2021-10-01 Regional council"),
        "the clicked briefing is not highlighted"
    );
    tui.send(b"q");
    let status = tui.expect_exit("q");
    assert!(status.success(), "q exited with {status:?}");
    assert_terminal_restored(&mut tui);
    assert_eq!(
        tui.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture was left on"
    );
}

/// Whether process `pid` has a handler for SIGWINCH (28 on Linux), from `/proc`.
#[cfg(target_os = "linux")]
fn catches_sigwinch(pid: u32) -> Option<bool> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let mask = status
        .lines()
        .find_map(|l| l.strip_prefix("SigCgt:"))?
        .trim();
    let mask = u64::from_str_radix(mask, 16).ok()?;
    Some(mask & (1 << (28 - 1)) != 0)
}

/// A window resized while brief starts (a tiling window manager does this to every new
/// terminal) must still get a screen of the new size. brief reads the size before the first
/// draw but catches SIGWINCH only from its first read of input on, so a resize in between is
/// lost until the next one. The test resizes exactly then: once the first frame is arriving
/// and `/proc` shows no SIGWINCH handler, before and after the resize. If no attempt finds
/// that window (there is none once the handler comes first), there is nothing to check.
#[test]
#[cfg(target_os = "linux")]
fn a_resize_during_the_first_draw_is_not_lost() {
    for _ in 0..20 {
        let mut tui = Tui::good(120, 40);
        let pid = tui.pid();
        let deadline = Instant::now() + TIMEOUT;
        let resized_unseen = loop {
            let drawing = {
                let out = lock(&tui.output);
                rfind(&out.raw, ENTER_ALT_SCREEN)
                    .is_some_and(|i| out.raw.len() > i + ENTER_ALT_SCREEN.len())
            };
            match catches_sigwinch(pid) {
                Some(false) if drawing => {
                    tui.resize(40, 12);
                    break catches_sigwinch(pid) == Some(false);
                }
                Some(false) if Instant::now() < deadline => std::thread::yield_now(),
                _ => break false,
            }
        };
        if !resized_unseen {
            continue;
        }
        tui.wait_for_screen(
            "the narrow layout after a resize during the first draw",
            |s| {
                let text = rows(s);
                text[0].starts_with("1 List 2 Time") && text[11].contains("3/3 briefings")
            },
        );
        return;
    }
}

const OSC52_START: &[u8] = b"\x1b]52;c;";

/// `text` in standard base64 with padding, as OSC 52 carries it.
fn to_base64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// The payloads of every OSC 52 sequence in `raw` (between `\x1b]52;c;` and BEL), in order.
fn osc52_payloads(raw: &[u8]) -> Vec<Vec<u8>> {
    let mut payloads = Vec::new();
    let mut rest = raw;
    while let Some(start) = rest
        .windows(OSC52_START.len())
        .position(|w| w == OSC52_START)
    {
        let after = &rest[start + OSC52_START.len()..];
        let Some(end) = after.iter().position(|&b| b == b'\x07') else {
            break;
        };
        payloads.push(after[..end].to_vec());
        rest = &after[end + 1..];
    }
    payloads
}

impl Tui {
    /// `brief --no-mouse tests/fixtures/good` outside tmux (`TMUX` removed), so that OSC 52 is
    /// written unwrapped.
    fn good_outside_tmux(cols: u16, rows: u16) -> Tui {
        Tui::spawn_env(&["--no-mouse", FIXTURES], cols, rows, &[("TMUX", None)])
    }

    /// Polls the raw output until it contains `needle`; panics with what was written after
    /// `from` otherwise.
    fn wait_for_raw(&self, what: &str, from: usize, needle: &[u8]) -> Vec<u8> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let raw = self.raw();
            if contains(&raw[from.min(raw.len())..], needle) {
                return raw;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}; wanted {:?}; brief wrote \
                     since:\n{:?}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(&raw[from.min(raw.len())..])
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn y_copies_the_selected_briefing_line_through_osc52() {
    let mut tui = Tui::good_outside_tmux(120, 40);
    tui.settle();
    let before = tui.raw().len();
    assert!(
        !contains(&tui.raw(), OSC52_START),
        "OSC 52 was written before any copy"
    );
    let text =
        "Trade talks in Brasília (2024-03-06..2024-03-07), Itamaraty Palace, Brasília, Brazil";
    let expected = format!("\x1b]52;c;{}\x07", to_base64(text));
    tui.send(b"y");
    let raw = tui.wait_for_raw("y to copy the briefing line", before, expected.as_bytes());
    assert_eq!(
        osc52_payloads(&raw[before..]).len(),
        1,
        "y wrote more than one OSC 52 sequence"
    );
    assert!(
        !contains(&raw, b"\x1bPtmux;"),
        "the sequence is wrapped for tmux although TMUX is not set"
    );
    let n = text.chars().count();
    tui.wait_for("the status line to confirm the copy", |s| {
        s.contains(&format!("copied the item ({n} characters)"))
    });
    tui.send(b"q");
    let status = tui.expect_exit("q");
    assert!(status.success(), "q exited with {status:?}");
}

#[test]
fn y_in_participants_copies_the_focused_participant() {
    let mut tui = Tui::good_outside_tmux(120, 40);
    tui.settle();
    tui.send(b"3");
    tui.wait_for("3 to focus Participants", |s| {
        s.contains("Organization: Federal Ministry for Economic Affairs")
    });
    let before = tui.raw().len();
    let text = "Jörg Weber — State Secretary, Federal Ministry for Economic Affairs, Germany \
                (delegation: Germany)";
    let expected = format!("\x1b]52;c;{}\x07", to_base64(text));
    tui.send(b"y");
    tui.wait_for_raw("y to copy the participant", before, expected.as_bytes());
    let n = text.chars().count();
    tui.wait_for("the status line to confirm the copy", |s| {
        s.contains(&format!("copied the item ({n} characters)"))
    });
}

#[test]
fn shift_y_copies_the_briefing_as_markdown() {
    use base64::Engine;
    let mut tui = Tui::good_outside_tmux(120, 40);
    tui.settle();
    let before = tui.raw().len();
    tui.send(b"Y");
    // The whole sequence: its start, and the BEL that ends it.
    let deadline = Instant::now() + TIMEOUT;
    let payload = loop {
        let raw = tui.raw();
        if let Some(p) = osc52_payloads(&raw[before..]).pop() {
            break p;
        }
        assert!(
            Instant::now() < deadline,
            "Y wrote no complete OSC 52 sequence; brief wrote:\n{:?}",
            String::from_utf8_lossy(&raw[before..])
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(&payload)
        .unwrap_or_else(|e| {
            panic!(
                "the OSC 52 payload is not standard base64 ({e}): {:?}",
                String::from_utf8_lossy(&payload)
            )
        });
    let markdown = String::from_utf8(decoded).expect("the copied Markdown is UTF-8");
    assert!(
        markdown.starts_with("# Trade talks in Brasília\n"),
        "the Markdown does not start with the title:\n{markdown}"
    );
    assert!(
        markdown.contains("\n## Participants\n"),
        "the Markdown has no Participants section:\n{markdown}"
    );
    assert!(
        markdown.contains("- **Jörg Weber** — State Secretary"),
        "the Markdown does not list Jörg Weber:\n{markdown}"
    );
    let n = markdown.chars().count();
    tui.wait_for("the status line to confirm the copy", |s| {
        s.contains(&format!("copied the briefing as Markdown ({n} characters)"))
    });
}

#[test]
fn y_inside_tmux_loads_tmuxs_buffer_which_reaches_the_clipboard_with_default_settings() {
    // A stand-in `tmux` first on PATH records what `tmux load-buffer -w -` is given.
    let dir = tempfile::tempdir().expect("temp dir");
    let record = dir.path().join("buffer");
    let script = dir.path().join("tmux");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$@\" > '{0}.args'\ncat > '{0}'\n",
            record.display()
        ),
    )
    .expect("write the stand-in tmux");
    let mut permissions = std::fs::metadata(&script).expect("stat").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&script, permissions).expect("chmod the stand-in tmux");
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut tui = Tui::spawn_env(
        &["--no-mouse", FIXTURES],
        160,
        40,
        &[("TMUX", Some("/tmp/fake,1,0")), ("PATH", Some(&path))],
    );
    tui.settle();
    let before = tui.raw().len();
    tui.send(b"y");
    tui.wait_for("the status line to say where the copy went", |s| {
        s.contains("copied the item (") && s.contains("via tmux's buffer")
    });
    let text =
        "Trade talks in Brasília (2024-03-06..2024-03-07), Itamaraty Palace, Brasília, Brazil";
    assert_eq!(
        std::fs::read_to_string(&record).expect("tmux was run"),
        text
    );
    assert_eq!(
        std::fs::read_to_string(record.with_extension("args")).expect("its arguments"),
        "load-buffer -w -\n"
    );
    let raw = tui.raw();
    assert!(
        !String::from_utf8_lossy(&raw[before..]).contains("\x1b]52;"),
        "no OSC 52 is sent when tmux took the text"
    );
}

#[test]
fn y_inside_tmux_without_a_tmux_to_ask_wraps_osc52_in_a_passthrough_and_says_it_may_be_dropped() {
    let mut tui = Tui::spawn_env(
        &["--no-mouse", FIXTURES],
        160,
        40,
        &[
            ("TMUX", Some("/tmp/fake,1,0")),
            ("PATH", Some("/nonexistent")),
        ],
    );
    tui.settle();
    let before = tui.raw().len();
    let text =
        "Trade talks in Brasília (2024-03-06..2024-03-07), Itamaraty Palace, Brasília, Brazil";
    let expected = format!("\x1bPtmux;\x1b\x1b]52;c;{}\x07\x1b\\", to_base64(text));
    tui.send(b"y");
    tui.wait_for_raw(
        "y to copy through a tmux passthrough",
        before,
        expected.as_bytes(),
    );
    tui.wait_for("the status line to say it may be dropped", |s| {
        s.contains("copied the item (") && s.contains("drops it unless allow-passthrough")
    });
}

/// The terminal's line discipline as the child left it: whether canonical mode and echo are on
/// (both are, in a terminal a shell reads; raw mode turns them off).
fn cooked(tui: &Tui) -> (bool, bool) {
    let master = tui.master.as_ref().expect("the pty master is open");
    let slave = master.tty_name().expect("the pty's slave device");
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&slave)
        .expect("open the pty slave");
    let fd = std::os::fd::AsRawFd::as_raw_fd(&file);
    // SAFETY: `termios` is plain data, filled by `tcgetattr` from an open descriptor.
    let mut termios: libc::termios = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::tcgetattr(fd, &mut termios) }, 0, "tcgetattr");
    (
        termios.c_lflag & libc::ICANON != 0,
        termios.c_lflag & libc::ECHO != 0,
    )
}

/// Everything a shell needs back after brief ended: the main screen, the cursor, no mouse
/// reporting, canonical mode and echo.
fn assert_fully_restored(tui: &mut Tui) {
    assert_terminal_restored(tui);
    assert_eq!(
        tui.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting is still on"
    );
    assert_eq!(
        cooked(tui),
        (true, true),
        "the terminal is left in raw mode"
    );
}

fn signal(pid: u32, name: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} {pid} failed");
}

/// The process state letter from `ps` (`T` when stopped).
fn state_of(pid: u32) -> String {
    ps(pid)
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

fn wait_until(what: &str, check: impl Fn() -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sighup_with_a_live_terminal_restores_everything() {
    let mut tui = Tui::spawn(&[FIXTURES], 100, 30);
    tui.wait_for_start();
    assert_ne!(
        tui.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the mouse is captured while brief runs"
    );
    assert_eq!(cooked(&tui), (false, false), "brief runs in raw mode");
    signal(tui.pid(), "HUP");
    let status = tui.expect_exit("SIGHUP");
    assert!(!status.success(), "{status:?}");
    assert_fully_restored(&mut tui);
}

#[test]
fn sigtstp_from_outside_restores_and_sigcont_takes_the_terminal_back() {
    let mut tui = Tui::spawn(&[FIXTURES], 100, 30);
    tui.settle();
    let pid = tui.pid();
    signal(pid, "TSTP");
    wait_until("brief to stop", || state_of(pid).starts_with('T'));
    tui.wait_for_screen("the main screen while stopped", |s| !s.alternate_screen());
    assert_eq!(cooked(&tui), (true, true), "raw mode while stopped");
    assert_eq!(
        tui.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting while stopped"
    );
    let stopped_at = tui.raw().len();
    signal(pid, "CONT");
    // The parser keeps the old alternate screen: wait for the redraw itself (a clear).
    wait_until("the redraw after SIGCONT", || {
        contains(&tui.raw()[stopped_at..], b"\x1b[2J")
    });
    tui.wait_for_screen("the browser again after SIGCONT", |s| {
        s.alternate_screen() && s.contents().contains("Briefings 3/3")
    });
    assert_eq!(cooked(&tui), (false, false), "raw mode again after SIGCONT");
    tui.send(b"j");
    tui.wait_for_screen("keys work after resuming", |s| {
        rows(s)[0].contains("With a byte order mark")
    });
    tui.send(b"q");
    tui.expect_exit("q");
    assert_fully_restored(&mut tui);
}

#[test]
fn sigcont_after_a_stop_it_did_not_see_puts_raw_mode_back() {
    let mut tui = Tui::good(100, 30);
    tui.settle();
    let pid = tui.pid();
    signal(pid, "STOP");
    wait_until("brief to stop", || state_of(pid).starts_with('T'));
    // What a shell does to its terminal when a job stops.
    {
        let master = tui.master.as_ref().unwrap();
        let slave = master.tty_name().unwrap();
        let status = std::process::Command::new("stty")
            .arg("sane")
            .stdin(std::fs::File::open(&slave).unwrap())
            .status()
            .unwrap();
        assert!(status.success());
    }
    assert_eq!(cooked(&tui), (true, true));
    signal(pid, "CONT");
    wait_until("raw mode again", || cooked(&tui) == (false, false));
    tui.send(b"j");
    tui.wait_for_screen("keys work after resuming", |s| {
        rows(s)[0].contains("With a byte order mark")
    });
}

#[test]
fn a_panic_in_the_search_worker_is_reported_and_the_browser_goes_on() {
    let mut tui = Tui::spawn_env(
        &["--no-mouse", FIXTURES],
        100,
        30,
        &[("BRIEF_TEST_FAULT", Some("search-panic"))],
    );
    tui.settle();
    tui.send(b"/tr");
    tui.wait_for("the failure in the status line", |t| {
        t.contains("the search failed on this query")
    });
    assert!(
        tui.screen().alternate_screen(),
        "the browser left its screen"
    );
    assert_eq!(cooked(&tui), (false, false), "raw mode was dropped");
    tui.send(b"\x1b");
    tui.wait_for("Esc to clear the filter", |t| t.contains("Briefings 3/3"));
    tui.send(b"j");
    tui.wait_for_screen("keys still work", |s| {
        rows(s)[0].contains("With a byte order mark")
    });
    tui.send(b"q");
    tui.expect_exit("q");
    assert_fully_restored(&mut tui);
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        raw.contains("internal error in the search worker: injected fault: search-panic"),
        "the failure is reported after the terminal is restored"
    );
}

#[test]
fn an_allocation_failure_restores_the_terminal_before_the_abort() {
    let mut tui = Tui::spawn_env(&[FIXTURES], 100, 30, &[("BRIEF_TEST_FAULT", Some("abort"))]);
    tui.wait_for_start();
    tui.send(b"j");
    let status = tui.expect_exit("an allocation failure");
    assert!(!status.success(), "{status:?}");
    assert_fully_restored(&mut tui);
}

#[test]
fn a_closed_terminal_ends_brief_even_when_it_is_no_session_leader() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let folder = dir.path().to_str().unwrap().to_string();
    // `setsid` makes brief the leader of a session without this terminal as its controlling
    // terminal, so closing the terminal sends it no SIGHUP.
    let pair = native_pty_system().openpty(size(100, 30)).unwrap();
    let mut cmd = CommandBuilder::new("setsid");
    cmd.args(["-w", env!("CARGO_BIN_EXE_brief"), "--no-mouse", &folder]);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("BRIEF_CONFIG", NO_CONFIG);
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let started = Instant::now();
    let mut parser = vt100::Parser::new(nonzero(30), nonzero(100), 0);
    let mut buf = [0u8; 4096];
    while !parser.screen().contents().contains("Briefings 3/3") {
        assert!(
            started.elapsed() < TIMEOUT,
            "brief did not start:\n{}",
            parser.screen().contents()
        );
        let n = reader.read(&mut buf).unwrap_or(0);
        parser.process(&buf[..n]);
    }
    let find_brief = || {
        let out = std::process::Command::new("pgrep")
            .args(["-f", &folder])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert!(!find_brief().is_empty(), "brief runs");
    drop(reader);
    drop(pair.master);
    let deadline = Instant::now() + Duration::from_secs(4);
    while !find_brief().is_empty() {
        assert!(
            Instant::now() < deadline,
            "brief still runs after its terminal was closed: {}",
            ps(find_brief().lines().next().unwrap().parse().unwrap())
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_huge_or_tiny_window_is_drawn_without_trouble() {
    let mut tui = Tui::good(100, 30);
    tui.settle();
    for (cols, rows) in [(1, 1), (5000, 3000), (2, 1), (100, 30)] {
        tui.resize(cols, rows);
        std::thread::sleep(Duration::from_millis(150));
        tui.assert_running(&format!("at {cols}x{rows}"));
    }
    tui.wait_for_start();
    tui.send(b"q");
    tui.expect_exit("q");
    assert_fully_restored(&mut tui);
}

#[test]
fn search_emphasis_lands_on_the_matched_letters_of_the_line_shown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.yaml"),
        "title: Talks in Rabat\ndate: 2024-01-01\nparticipants:\n  - name: \"Nasser   Bourita\"\n",
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap().to_string();
    let mut tui = Tui::spawn(&["search", "bourita", &folder], 100, 10);
    tui.expect_exit("the search");
    tui.wait_output_end();
    let screen = tui.screen();
    let (row, col) = find(&screen, "participant: Nasser Bourita").expect("the reason line");
    let start = col + "participant: Nasser ".chars().count() as u16;
    let bold = |c: u16| screen.cell(row, c).is_some_and(|cell| cell.bold());
    assert!(!bold(start - 1), "the space before the name is emphasized");
    for c in start..start + 7 {
        assert!(bold(c), "letter {} of Bourita is not emphasized", c - start);
    }
    assert!(!bold(start + 7));
}

#[test]
fn the_screen_comes_up_before_a_slow_load_ends_says_how_far_it_is_and_fills_in() {
    // Enough files that reading them takes a while in a test build.
    const FILES: usize = 3000;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let text = std::fs::read_to_string(format!("{FIXTURES}/2024-03-06-trade-talks.yaml"))
        .expect("the fixture");
    for n in 0..FILES {
        std::fs::write(dir.path().join(format!("talks-{n:05}.yaml")), &text).expect("a copy");
    }
    let folder = dir.path().to_str().expect("a UTF-8 path");
    let cache = dir.path().join("cache");
    let tui = Tui::spawn_env(
        &["--no-mouse", folder],
        100,
        30,
        &[("BRIEF_CACHE_DIR", cache.to_str())],
    );
    // The whole first frame: the list's text and the status line under it.
    let loading = tui.wait_for(
        "the first frame, saying the briefings are being read",
        |s| s.contains("Loading briefings…") && s.trim_end().ends_with("q quit"),
    );
    let status = rows(&loading).last().cloned().unwrap_or_default();
    assert!(
        status.contains("looking for briefings…")
            || status.contains(&format!("/{FILES} files"))
            || status.contains("3,000 files")
            || status.contains("preparing the search…"),
        "the status line says how far the load is: {status:?}"
    );
    assert!(
        !loading.contents().contains("3,000/3,000 briefings"),
        "nothing is shown as complete before it is"
    );
    // The list fills in while the status line still says the load is going, and its title
    // says the count is of what has arrived so far.
    tui.wait_for("part of the list while loading", |s| {
        s.contains("Trade talks")
            && s.contains(&format!("/{} files", "3,000"))
            && s.contains(" so far ")
    });
    // A test build reads slowly: the whole list is waited for longer than a screen is.
    let deadline = Instant::now() + Duration::from_secs(120);
    while !tui.screen().contents().contains("3,000/3,000 briefings") {
        assert!(
            Instant::now() < deadline,
            "the list never filled: {}",
            tui.screen().contents()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let whole = tui.wait_for("the whole list's title", |s| {
        s.contains("1 Briefings 3,000/3,000 ")
    });
    assert!(!whole.contents().contains("so far"), "{}", whole.contents());
}

#[test]
fn a_pasted_line_goes_into_the_filter_and_its_newline_does_not_submit_it() {
    let mut tui = Tui::good(100, 30);
    tui.wait_for("the list", |s| s.contains("3/3 briefings"));
    // The terminal was asked for bracketed paste.
    tui.wait_for_raw("bracketed paste turned on", 0, b"\x1b[?2004h");
    tui.send(b"/");
    tui.wait_for("the filter line", |s| s.contains("Enter keep · Esc clear"));
    // A paste of two lines, as a terminal sends it in bracketed-paste mode.
    tui.send(b"\x1b[200~customs\nagreement\x1b[201~");
    // The search runs off the input thread: its result is waited for too.
    let screen = tui.wait_for_screen("the pasted text in the filter line, and its result", |s| {
        s.contents().contains("/customs agreement") && s.contents().contains("1/3 briefings")
    });
    let text = screen.contents();
    assert!(
        text.contains("Enter keep · Esc clear"),
        "the newline did not submit the filter: the line is still being edited:\n{text}"
    );
    assert!(
        text.contains("1/3 briefings"),
        "the paste filtered the list:\n{text}"
    );
    tui.send(b"\x1b");
    tui.wait_for("Esc to clear the filter", |s| s.contains("3/3 briefings"));
    tui.send(b"q");
    let status = tui.expect_exit("q after the paste");
    assert!(status.success(), "q exited with {status:?}");
    tui.wait_output_end();
    assert!(
        String::from_utf8_lossy(&tui.raw()).contains("\x1b[?2004l"),
        "bracketed paste is turned off on the way out"
    );
}

/// A copy of the good fixtures in a temporary folder, for tests that change them.
fn fixtures_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(FIXTURES).expect("the fixtures") {
        let path = entry.expect("a fixture").path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).expect("copied");
    }
    dir
}

/// `e` hands the terminal to `$VISUAL` at the focused item's line (`+LINE FILE`), in line mode,
/// takes it back when the editor ends, and shows the edit.
#[test]
fn e_opens_the_editor_at_the_focused_item_and_shows_the_edit() {
    let dir = fixtures_copy();
    let folder = dir.path().to_str().unwrap().to_string();
    let file = dir.path().join("2024-03-06-trade-talks.yaml");
    let args = dir.path().join("editor-args");
    let tty = dir.path().join("editor-tty");
    // The stand-in editor: records its arguments and whether the terminal is in line mode
    // (icanon), then edits the title as a person would.
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{args}'\nstty -a > '{tty}'\n\
             sed -i 's/^title: Trade talks in Brasília/title: Trade talks, edited/' \"$2\"\n",
            args = args.display(),
            tty = tty.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut tui = Tui::spawn_env(
        &["--no-mouse", &folder],
        120,
        40,
        &[
            ("VISUAL", Some(editor.to_str().unwrap())),
            ("EDITOR", Some("false")),
        ],
    );
    tui.settle();
    // The second participant, Ana Souza, starts on line 21 of the file.
    tui.send(b"3j");
    tui.wait_for_screen("Ana Souza focused", |s| highlighted(s, "Ana Souza"));
    let before = tui.raw().len();
    tui.send(b"e");
    let screen = tui.wait_for("the edit on screen", |s| {
        s.contains("2024-03-06 Trade talks, edited") && s.contains("reloaded")
    });
    let recorded = std::fs::read_to_string(&args).expect("the editor ran");
    assert_eq!(
        recorded.lines().collect::<Vec<_>>(),
        ["+21", file.to_str().unwrap()]
    );
    let stty = std::fs::read_to_string(&tty).unwrap();
    assert!(
        stty.split_whitespace().any(|w| w == "icanon"),
        "the editor got the terminal in line mode: {stty}"
    );
    // The browser left its screen for the editor and came back to it.
    let after = &tui.raw()[before..];
    let left = rfind(after, LEAVE_ALT_SCREEN).expect("the alternate screen was left");
    let entered = rfind(after, ENTER_ALT_SCREEN).expect("and entered again");
    assert!(entered > left);
    assert!(screen.alternate_screen());
    assert!(screen.contents().contains("Briefings 3/3"));
    tui.send(b"q");
    tui.expect_exit("q");
    assert_terminal_restored(&mut tui);
}

/// The config sets the browser up (dates, sort, mouse, a rebound key), and a mistake in it is
/// shown in the status line and under `!` while the rest applies.
#[test]
fn the_config_sets_up_the_browser_and_its_mistakes_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "date-format = \"%d %b %Y\"\nsort = \"title\"\nmouse = false\nthme = \"light\"\n\
         [keys]\nzoom = \"x\"\n",
    )
    .unwrap();
    let mut tui = Tui::spawn_env(
        &[FIXTURES],
        120,
        40,
        &[("BRIEF_CONFIG", Some(config.to_str().unwrap()))],
    );
    let screen = tui.wait_for("the list with the config's dates", |s| {
        s.contains("06 Mar 2024") && s.contains("config: 1 problem (!)")
    });
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse = false leaves the mouse to the terminal"
    );
    // Sorted by title: Regional… comes before Trade….
    let text = screen.contents();
    assert!(
        text.find("Regional council") < text.find("Trade talks in"),
        "{text}"
    );
    tui.send(b"!");
    tui.wait_for("the config's problem under !", |s| {
        s.contains("config.toml:4:1: error: unknown setting `thme`")
            && s.contains("hint: did you mean `theme`?")
    });
    tui.send(b"\x1b");
    tui.send(b"x");
    tui.wait_for("x zooms", |s| s.contains("Esc or q closes"));
    tui.send(b"q");
    tui.send(b"q");
    tui.expect_exit("q");
}

/// Without `$VISUAL` and `$EDITOR`, `e` says so and the browser goes on.
#[test]
fn e_without_an_editor_says_how_to_set_one() {
    let mut tui = Tui::spawn_env(
        &["--no-mouse", FIXTURES],
        120,
        40,
        &[("VISUAL", None), ("EDITOR", None)],
    );
    tui.settle();
    tui.send(b"e");
    tui.wait_for("the reason", |s| {
        s.contains("no editor: set $VISUAL or $EDITOR")
    });
    tui.send(b"j");
    tui.wait_for_screen("j still moves", |s| {
        highlighted(s, "2023-02-03 With a byte order mark")
    });
    tui.send(b"q");
    tui.expect_exit("q");
    assert_terminal_restored(&mut tui);
}
