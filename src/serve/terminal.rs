//! One SSH session's terminal: frames written to the channel, input bytes parsed into events,
//! the clipboard through OSC 52 on the channel, and the session's own loop on its own thread.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use tokio::sync::mpsc;

use crate::app::{Action, Loaded, State, update};
use crate::screen::SafeBackend;
use crate::session::{Clipboard, EventSource, LoopExit, Searcher, run_loop};
use crate::ui::{ColorDepth, Theme};

/// What a session sends towards its channel, in order.
pub enum Out {
    Data(Vec<u8>),
    /// The session is over: send this exit status and close the channel.
    Exit(u32),
}

/// Bytes for the channel: kept until a flush, then sent whole. The channel towards the SSH
/// connection is bounded, so a client that reads slowly slows its own session down.
pub struct ChannelWriter {
    out: mpsc::Sender<Out>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    pub fn new(out: mpsc::Sender<Out>) -> ChannelWriter {
        ChannelWriter {
            out,
            buffer: Vec::new(),
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let data = std::mem::take(&mut self.buffer);
        self.out
            .blocking_send(Out::Data(data))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client has gone"))
    }
}

/// The window size the client last told; the process's own terminal is never asked.
pub type SharedSize = Arc<Mutex<(u16, u16)>>;

/// A backend whose size is the SSH client's window, not this process's terminal.
pub struct ClientSized<B: Backend> {
    inner: B,
    size: SharedSize,
}

impl<B: Backend> ClientSized<B> {
    fn current(&self) -> Size {
        let (width, height) = self.size.lock().map(|s| *s).unwrap_or((80, 24));
        Size { width, height }
    }
}

impl<B: Backend> Backend for ClientSized<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        Ok(Position::ORIGIN)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        Ok(self.current())
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        Ok(WindowSize {
            columns_rows: self.current(),
            pixels: Size::default(),
        })
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

/// Input bytes from the client parsed into crossterm events by terminput's parser (a port of
/// crossterm's own, which only reads the process's terminal). A lone ESC followed by more bytes
/// in the same packet starts a sequence; at the end of a packet it is the Esc key. What is kept
/// is bounded whatever the client sends.
#[derive(Default)]
pub struct InputParser {
    pending: Vec<u8>,
    /// Inside a bracketed paste: its first bytes, and its last few to see where it ends.
    paste: Option<Paste>,
}

#[derive(Default)]
struct Paste {
    kept: Vec<u8>,
    tail: Vec<u8>,
}

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

impl InputParser {
    /// Longest key or mouse sequence kept while incomplete; real ones are a few dozen bytes.
    const MAX_PENDING: usize = 256;
    /// Bytes of a paste kept: enough for the characters the browser keeps of it (four bytes
    /// each at most) and the end marker. The rest is read past, never taken as keys.
    const KEPT_PASTE_BYTES: usize = (crate::search::MAX_QUERY_CHARS + 1) * 4 + PASTE_END.len();

    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut events = Vec::new();
        for (i, byte) in bytes.iter().enumerate() {
            if self.paste.is_some() {
                events.extend(self.paste_byte(*byte));
                continue;
            }
            let more = i + 1 < bytes.len();
            self.pending.push(*byte);
            if more && self.pending == [0x1b] {
                continue;
            }
            if self.pending == PASTE_START {
                self.pending.clear();
                self.paste = Some(Paste::default());
                continue;
            }
            match terminput::Event::parse_from(&self.pending) {
                Ok(Some(event)) => {
                    if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                        events.push(event);
                    }
                    self.pending.clear();
                }
                Ok(None) if self.pending.len() > Self::MAX_PENDING => self.pending.clear(),
                Ok(None) => {}
                Err(_) => self.pending.clear(),
            }
        }
        events
    }

    /// One byte of a paste: the paste when it is the last.
    fn paste_byte(&mut self, byte: u8) -> Option<Event> {
        let paste = self.paste.as_mut()?;
        if paste.kept.len() < Self::KEPT_PASTE_BYTES {
            paste.kept.push(byte);
        }
        paste.tail.push(byte);
        if paste.tail.len() > PASTE_END.len() {
            paste.tail.remove(0);
        }
        if paste.tail != PASTE_END {
            return None;
        }
        let mut kept = self.paste.take()?.kept;
        if kept.ends_with(PASTE_END) {
            kept.truncate(kept.len() - PASTE_END.len());
        }
        let text = String::from_utf8_lossy(&kept);
        Some(Event::Paste(crate::session::kept_paste(&text).to_string()))
    }
}

/// Events from the connection's handler.
pub struct ChannelEvents {
    pub events: std_mpsc::Receiver<Event>,
    pub stop: Arc<AtomicBool>,
}

impl EventSource for ChannelEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        match self.events.recv_timeout(timeout) {
            Ok(event) => Ok(Some(event)),
            Err(std_mpsc::RecvTimeoutError::Timeout) => Ok(None),
            Err(std_mpsc::RecvTimeoutError::Disconnected) => {
                // The connection is gone; the loop's hook ends the session.
                self.stop.store(true, Ordering::SeqCst);
                Ok(None)
            }
        }
    }
}

/// OSC 52 on this session's channel (never on the server's own terminal).
pub struct ChannelClipboard {
    out: mpsc::Sender<Out>,
}

impl Clipboard for ChannelClipboard {
    fn copy(&mut self, text: &str) -> io::Result<Option<&'static str>> {
        let sequence = crate::tui::osc52(text, false);
        self.out
            .blocking_send(Out::Data(sequence.into_bytes()))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client has gone"))?;
        Ok(None)
    }
}

/// Everything a session's thread needs.
pub struct SessionSpec {
    /// The server's corpus and indexes, shared by every session.
    pub loaded: Loaded,
    pub depth: ColorDepth,
    pub size: SharedSize,
    pub events: ChannelEvents,
    pub out: mpsc::Sender<Out>,
    /// When the client last typed.
    pub last_input: Arc<Mutex<Instant>>,
    /// The whole server is stopping.
    pub server_stopping: Arc<AtomicBool>,
    pub idle_timeout: Duration,
    pub max_session_time: Duration,
    /// The server's reloads, when it watches its briefings.
    pub feed: Option<Arc<Mutex<crate::session::Published>>>,
}

/// Sets up the client's terminal as the local browser sets up its own (full screen, bracketed
/// paste, mouse reporting, with the same crossterm commands), the cursor hidden. Every way a
/// session ends writes [`crate::tui::RESTORE_SEQUENCE`], which undoes each of them.
fn enter(writer: &mut impl Write) -> io::Result<()> {
    use crossterm::event::{EnableBracketedPaste, EnableMouseCapture};
    crossterm::queue!(
        writer,
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture,
        crossterm::cursor::Hide
    )?;
    writer.flush()
}

/// Runs one session to its end, on the calling thread; returns how it ended. A panic inside
/// ends this session only.
pub fn run_session(spec: SessionSpec) -> String {
    let out = spec.out.clone();
    let ended = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if crate::session::fault("serve-panic") {
            panic!("injected fault: serve-panic");
        }
        session_loop(spec)
    }));
    let (how, farewell, status) = match ended {
        Ok(Ok((how, farewell))) => (how.to_string(), farewell, 0),
        Ok(Err(e)) => (format!("error: {e}"), None, 1),
        Err(_) => (
            "internal error (panic)".to_string(),
            Some("brief serve: internal error; this session is closed"),
            1,
        ),
    };
    let mut bye = crate::tui::RESTORE_SEQUENCE.to_vec();
    if let Some(text) = farewell {
        bye.extend_from_slice(format!("{text}\r\n").as_bytes());
    }
    let _ = out.blocking_send(Out::Data(bye));
    let _ = out.blocking_send(Out::Exit(status));
    how
}

type Ended = (&'static str, Option<&'static str>);

fn session_loop(spec: SessionSpec) -> io::Result<Ended> {
    let SessionSpec {
        loaded,
        depth,
        size,
        mut events,
        out,
        last_input,
        server_stopping,
        idle_timeout,
        max_session_time,
        feed,
    } = spec;
    let mut subscription = feed.map(crate::session::Subscription::new);
    let mut writer = ChannelWriter::new(out.clone());
    enter(&mut writer)?;
    let backend = SafeBackend::new(ClientSized {
        inner: CrosstermBackend::new(writer),
        size: Arc::clone(&size),
    });
    let mut terminal = Terminal::new(backend)?;
    let mut searcher = Searcher::start(Arc::clone(&loaded.corpus), Arc::clone(&loaded.index));
    let mut state = State::over(loaded, Theme::new(depth));
    let (width, height) = size.lock().map(|s| *s).unwrap_or((80, 24));
    update(&mut state, Action::Resize { width, height });
    let mut clipboard = ChannelClipboard { out };
    let started = Instant::now();
    let why: std::cell::Cell<Option<Ended>> = std::cell::Cell::new(None);
    let stop = Arc::clone(&events.stop);
    let interrupted = || {
        let reason: Option<Ended> = if stop.load(Ordering::SeqCst) {
            Some(("client closed", None))
        } else if server_stopping.load(Ordering::SeqCst) {
            Some((
                "server stopped",
                Some("brief serve: the server is stopping; goodbye"),
            ))
        } else if last_input.lock().is_ok_and(|t| t.elapsed() >= idle_timeout) {
            Some((
                "idle timeout",
                Some("brief serve: closed after a time without input"),
            ))
        } else if started.elapsed() >= max_session_time {
            Some((
                "session time limit",
                Some("brief serve: the session's time is up"),
            ))
        } else {
            None
        };
        reason.map(|r| {
            why.set(Some(r));
            LoopExit::Quit
        })
    };
    loop {
        match run_loop(
            &mut terminal,
            &mut events,
            &mut state,
            &mut searcher,
            &mut clipboard,
            subscription
                .as_mut()
                .map(|s| s as &mut dyn crate::session::CorpusFeed),
            &interrupted,
        )? {
            LoopExit::Quit => break,
            // Ctrl-z does nothing here: there is no shell to go back to.
            LoopExit::Suspend | LoopExit::Resumed => continue,
            // Served sessions are read-only: `update` never asks for an editor in them.
            LoopExit::Edit => {
                state.pending_edit = None;
                continue;
            }
        }
    }
    Ok(why.take().unwrap_or(("quit", None)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn input_bytes_become_key_events() {
        let mut parser = InputParser::default();
        let events = parser.feed(b"j\x1b[A\r\t\x7f\x03");
        assert_eq!(
            events,
            vec![
                key(KeyCode::Char('j'), KeyModifiers::NONE),
                key(KeyCode::Up, KeyModifiers::NONE),
                key(KeyCode::Enter, KeyModifiers::NONE),
                key(KeyCode::Tab, KeyModifiers::NONE),
                key(KeyCode::Backspace, KeyModifiers::NONE),
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
            ]
        );
        assert_eq!(
            parser.feed(b"\x1b"),
            vec![key(KeyCode::Esc, KeyModifiers::NONE)]
        );
        // A character split across packets.
        assert!(parser.feed(&"é".as_bytes()[..1]).is_empty());
        assert_eq!(
            parser.feed(&"é".as_bytes()[1..]),
            vec![key(KeyCode::Char('é'), KeyModifiers::NONE)]
        );
        assert_eq!(
            parser.feed(b"\x1b[200~a\nb\x1b[201~"),
            vec![Event::Paste("a\nb".to_string())]
        );
        // A paste split across packets, its end marker too.
        assert!(parser.feed(b"\x1b[200~se").is_empty());
        assert!(parser.feed(b"arch\x1b[20").is_empty());
        assert_eq!(
            parser.feed(b"1~j"),
            vec![
                Event::Paste("search".to_string()),
                key(KeyCode::Char('j'), KeyModifiers::NONE)
            ]
        );
    }

    #[test]
    fn a_huge_paste_is_kept_short_and_none_of_it_becomes_keys() {
        let mut parser = InputParser::default();
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend(std::iter::repeat_n(b'q', 1 << 20));
        bytes.extend_from_slice(b"\x1b[201~j");
        let events = parser.feed(&bytes);
        let kept = "q".repeat(crate::search::MAX_QUERY_CHARS + 1);
        assert_eq!(
            events,
            vec![
                Event::Paste(kept),
                key(KeyCode::Char('j'), KeyModifiers::NONE)
            ]
        );
        // A sequence that never ends is dropped past its bound; what follows is read again.
        let mut endless = b"\x1b[".to_vec();
        endless.extend(std::iter::repeat_n(b'1', 10_000));
        assert!(
            parser
                .feed(&endless)
                .iter()
                .all(|e| !matches!(e, Event::Paste(_)))
        );
        assert!(parser.pending.len() <= InputParser::MAX_PENDING);
    }

    #[test]
    fn sgr_mouse_bytes_become_mouse_events_at_zero_based_cells() {
        use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
        let mouse = |kind, column, row| {
            Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        let mut parser = InputParser::default();
        // A press and release at column 5, row 3 (1-based, as the terminal counts), then the
        // wheel, in one packet; a press split across two packets.
        assert_eq!(
            parser.feed(b"\x1b[<0;5;3M\x1b[<0;5;3m\x1b[<65;1;1M"),
            vec![
                mouse(MouseEventKind::Down(MouseButton::Left), 4, 2),
                mouse(MouseEventKind::Up(MouseButton::Left), 4, 2),
                mouse(MouseEventKind::ScrollDown, 0, 0),
            ]
        );
        assert!(parser.feed(b"\x1b[<0;12").is_empty());
        assert_eq!(
            parser.feed(b";7M"),
            vec![mouse(MouseEventKind::Down(MouseButton::Left), 11, 6)]
        );
    }
}
