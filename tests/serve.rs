//! `brief serve` in process, driven by russh's own client over 127.0.0.1: who gets in, what a
//! session sees, and what is refused.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use brief::model::{Corpus, Origin};
use brief::serve::{Access, Running, Settings, start};
use russh::client::{self, AuthResult};
use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, client::Msg};

/// Long enough for a debug build on a loaded machine; a passing run takes well under a second.
const WAIT: Duration = Duration::from_secs(30);

/// A client that trusts any host key and keeps the text of a disconnect the server sends.
#[derive(Default)]
struct Client {
    told: Arc<Mutex<Option<String>>>,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }

    async fn disconnected(
        &mut self,
        reason: client::DisconnectReason<Self::Error>,
    ) -> Result<(), Self::Error> {
        match reason {
            client::DisconnectReason::ReceivedDisconnect(info) => {
                if let Ok(mut told) = self.told.lock() {
                    *told = Some(info.message);
                }
                Ok(())
            }
            client::DisconnectReason::Error(e) => Err(e),
        }
    }
}

fn size(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("not zero")
}

fn key() -> PrivateKey {
    PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).expect("a key")
}

async fn server(access: Access, max_sessions: usize) -> Running {
    serve(settings(access, max_sessions)).await
}

/// The settings of a test server over the bundled briefings' folder; tests change what they
/// are about.
fn settings(access: Access, max_sessions: usize) -> Settings {
    Settings {
        access,
        host_key: key(),
        max_sessions,
        // Every test client comes from 127.0.0.1.
        max_per_peer: 64,
        idle_timeout: Duration::from_secs(600),
        max_session_time: Duration::from_secs(3600),
        auth_deadline: Duration::from_secs(30),
        watch: None,
        served: vec![briefings()],
    }
}

/// The repository's own briefings, by their absolute path.
fn briefings() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings")
}

async fn serve(settings: Settings) -> Running {
    let corpus = Arc::new(Corpus::load(&Origin::Paths(settings.served.clone())));
    start("127.0.0.1:0", corpus, settings)
        .await
        .expect("the server starts")
}

async fn connect(running: &Running) -> client::Handle<Client> {
    connect_as(running.addr, Client::default())
        .await
        .expect("connected")
}

/// A connection with `client` as its handler, or why there is none.
async fn connect_as(
    addr: std::net::SocketAddr,
    client: Client,
) -> Result<client::Handle<Client>, russh::Error> {
    client::connect(Arc::new(client::Config::default()), addr, client).await
}

async fn with_key(running: &Running, key: &PrivateKey) -> (client::Handle<Client>, AuthResult) {
    let mut handle = connect(running).await;
    let result = sign_in(&mut handle, key).await;
    (handle, result)
}

async fn sign_in(handle: &mut client::Handle<Client>, key: &PrivateKey) -> AuthResult {
    handle
        .authenticate_publickey(
            "alice",
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .expect("the server answers")
}

/// The next message on the channel, within [`WAIT`].
async fn next(channel: &mut russh::Channel<Msg>) -> Option<ChannelMsg> {
    tokio::time::timeout(WAIT, channel.wait())
        .await
        .expect("the server answered in time")
}

/// Reads output into `screen` until it shows `text`; panics with the screen otherwise.
async fn read_until(channel: &mut russh::Channel<Msg>, screen: &mut vt100::Parser, text: &str) {
    read_until_seen(channel, screen, &format!("`{text}`"), |s| {
        s.screen().contents().contains(text)
    })
    .await
}

/// Reads output into `screen` until `seen` holds of it; panics naming `what` otherwise.
async fn read_until_seen(
    channel: &mut russh::Channel<Msg>,
    screen: &mut vt100::Parser,
    what: &str,
    seen: impl Fn(&vt100::Parser) -> bool,
) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !seen(screen) {
        let message = tokio::time::timeout_at(deadline, channel.wait()).await;
        match message {
            Ok(Some(ChannelMsg::Data { data })) => screen.process(&data),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => panic!(
                "{what} never appeared; the screen:\n{}",
                screen.screen().contents()
            ),
        }
    }
}

/// A server that lets alice's key in, and a connection of hers, signed in.
async fn alice_signed_in(max_sessions: usize) -> (Running, PrivateKey, client::Handle<Client>) {
    let alice = key();
    let running = server(Access::Keys(vec![alice.public_key().clone()]), max_sessions).await;
    let (handle, auth) = with_key(&running, &alice).await;
    assert!(auth.success(), "{auth:?}");
    (running, alice, handle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_authorized_key_gets_its_own_browser_and_q_closes_its_channel() {
    let alice = key();
    let running = server(Access::Keys(vec![alice.public_key().clone()]), 32).await;
    assert!(running.fingerprint.starts_with("SHA256:"));
    let (handle, auth) = with_key(&running, &alice).await;
    assert!(auth.success(), "{auth:?}");
    let mut channel = handle.channel_open_session().await.expect("a session");
    channel
        .request_pty(true, "xterm-256color", 100, 30, 0, 0, &[])
        .await
        .expect("pty asked");
    assert!(matches!(
        next(&mut channel).await,
        Some(ChannelMsg::Success)
    ));
    channel.request_shell(true).await.expect("shell asked");
    let mut screen = vt100::Parser::new(size(30), size(100), 0);
    read_until(&mut channel, &mut screen, "15/15 briefings").await;
    let first = screen.screen().contents();
    channel.data_bytes(&b"j"[..]).await.expect("sent j");
    // j moves the selection: the screen changes.
    let deadline = tokio::time::Instant::now() + WAIT;
    while screen.screen().contents() == first {
        match tokio::time::timeout_at(deadline, channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => screen.process(&data),
            Ok(Some(_)) => {}
            other => panic!("no redraw after j: {other:?}"),
        }
    }
    channel.data_bytes(&b"q"[..]).await.expect("sent q");
    let (_, status) = rest(&mut channel).await;
    assert_eq!(status, Some(0), "q ends the session with status 0");
    // One browser per connection: a second session channel on it is refused.
    assert!(handle.channel_open_session().await.is_err());
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_keys_passwords_keyboard_interactive_and_none_are_refused() {
    let alice = key();
    let running = server(Access::Keys(vec![alice.public_key().clone()]), 32).await;
    let (_, auth) = with_key(&running, &key()).await;
    assert!(!auth.success(), "an unknown key is refused");
    let mut handle = connect(&running).await;
    let auth = handle
        .authenticate_password("alice", "secret")
        .await
        .expect("the server answers");
    assert!(!auth.success(), "a password is refused");
    let auth = handle
        .authenticate_none("alice")
        .await
        .expect("the server answers");
    assert!(!auth.success(), "no authentication is refused");
    let asked = handle
        .authenticate_keyboard_interactive_start("alice", None)
        .await
        .expect("the server answers");
    assert!(
        matches!(
            asked,
            client::KeyboardInteractiveAuthResponse::Failure { .. }
        ),
        "keyboard-interactive is refused: {asked:?}"
    );
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_and_subsystems_are_refused_and_a_shell_without_pty_is_told_why() {
    let alice = key();
    let running = server(Access::Keys(vec![alice.public_key().clone()]), 32).await;
    let (handle, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let mut channel = handle.channel_open_session().await.expect("a session");
    channel.exec(true, "cat /etc/passwd").await.expect("asked");
    assert!(matches!(
        next(&mut channel).await,
        Some(ChannelMsg::Failure)
    ));
    channel
        .request_subsystem(true, "sftp")
        .await
        .expect("asked");
    assert!(matches!(
        next(&mut channel).await,
        Some(ChannelMsg::Failure)
    ));
    channel
        .set_env(true, "LD_PRELOAD", "/tmp/x.so")
        .await
        .expect("asked");
    assert!(matches!(
        next(&mut channel).await,
        Some(ChannelMsg::Failure)
    ));
    channel.request_shell(true).await.expect("asked");
    let (text, status) = rest(&mut channel).await;
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("needs a terminal"), "{text}");
    assert_eq!(status, Some(1));
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_lets_anyone_in_and_the_extra_client_is_turned_away() {
    let running = server(Access::Open, 1).await;
    let mut first = connect(&running).await;
    assert!(
        first
            .authenticate_none("guest")
            .await
            .expect("answer")
            .success()
    );
    let mut one = first.channel_open_session().await.expect("a session");
    one.request_pty(false, "xterm", 80, 24, 0, 0, &[])
        .await
        .expect("pty");
    one.request_shell(false).await.expect("shell");
    let mut screen = vt100::Parser::new(size(24), size(80), 0);
    read_until(&mut one, &mut screen, "briefings").await;
    let (second, auth) = with_key(&running, &key()).await;
    assert!(auth.success(), "any key with --open");
    let mut two = second.channel_open_session().await.expect("a session");
    two.request_pty(false, "xterm", 80, 24, 0, 0, &[])
        .await
        .expect("pty");
    two.request_shell(false).await.expect("shell");
    let mut text = Vec::new();
    loop {
        match next(&mut two).await {
            Some(ChannelMsg::Data { data }) => text.extend_from_slice(&data),
            Some(ChannelMsg::Close) | None => break,
            Some(_) => {}
        }
    }
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("all 1 sessions are in use"), "{text}");
    // The first session is untouched: it still answers keys.
    one.data_bytes(&b"q"[..]).await.expect("sent q");
    loop {
        match next(&mut one).await {
            Some(ChannelMsg::Close) | None => break,
            Some(_) => {}
        }
    }
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_is_closed_and_told_why() {
    let alice = key();
    let running = serve(Settings {
        idle_timeout: Duration::from_secs(1),
        ..settings(Access::Keys(vec![alice.public_key().clone()]), 32)
    })
    .await;
    let (handle, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let mut channel = handle.channel_open_session().await.expect("a session");
    channel
        .request_pty(false, "xterm", 80, 24, 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(false).await.expect("shell");
    let (text, status) = rest(&mut channel).await;
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("closed after a time without input"), "{text}");
    assert_eq!(status, Some(0));
    running.shutdown().await;
}

/// Opens a session with a pty and a shell, and reads until the list shows.
async fn browser(handle: &client::Handle<Client>) -> (russh::Channel<Msg>, vt100::Parser) {
    browser_showing(handle, "15/15 briefings").await
}

/// A browser session at 100x30, read until its screen shows `text`.
async fn browser_showing(
    handle: &client::Handle<Client>,
    text: &str,
) -> (russh::Channel<Msg>, vt100::Parser) {
    let mut channel = open_browser(handle, 100, 30).await;
    let mut screen = vt100::Parser::new(size(30), size(100), 0);
    read_until(&mut channel, &mut screen, text).await;
    (channel, screen)
}

/// A session with a pty of `width` x `height` and a shell.
async fn open_browser(
    handle: &client::Handle<Client>,
    width: u32,
    height: u32,
) -> russh::Channel<Msg> {
    let channel = handle.channel_open_session().await.expect("a session");
    channel
        .request_pty(false, "xterm", width, height, 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(false).await.expect("shell");
    channel
}

/// Everything until the channel closes: the bytes and the exit status.
async fn rest(channel: &mut russh::Channel<Msg>) -> (Vec<u8>, Option<u32>) {
    let mut text = Vec::new();
    let mut status = None;
    loop {
        match next(channel).await {
            Some(ChannelMsg::Data { data }) => text.extend_from_slice(&data),
            Some(ChannelMsg::ExitStatus { exit_status }) => status = Some(exit_status),
            Some(ChannelMsg::Close) | None => break,
            Some(_) => {}
        }
    }
    (text, status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn y_copies_through_osc52_on_the_channel_and_ctrl_z_then_ctrl_c_end_with_status_0() {
    let alice = key();
    let running = server(Access::Keys(vec![alice.public_key().clone()]), 32).await;
    let (handle, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (mut channel, _) = browser(&handle).await;
    channel.data_bytes(&b"y"[..]).await.expect("sent y");
    channel.data_bytes(&b"\x1a"[..]).await.expect("sent Ctrl-z");
    channel.data_bytes(&b"\x03"[..]).await.expect("sent Ctrl-c");
    let (text, status) = rest(&mut channel).await;
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("\x1b]52;c;"), "OSC 52 reached the client");
    assert_eq!(status, Some(0));
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_at_its_time_limit() {
    let alice = key();
    let running = serve(Settings {
        max_session_time: Duration::from_secs(2),
        ..settings(Access::Keys(vec![alice.public_key().clone()]), 32)
    })
    .await;
    let (handle, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (mut channel, _) = browser(&handle).await;
    // Typing does not extend it.
    channel.data_bytes(&b"j"[..]).await.expect("sent j");
    let (text, status) = rest(&mut channel).await;
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("the session's time is up"), "{text}");
    assert_eq!(status, Some(0));
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn port_and_agent_forwarding_are_refused() {
    let alice = key();
    let running = server(Access::Keys(vec![alice.public_key().clone()]), 32).await;
    let (handle, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    assert!(
        handle
            .channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 40000)
            .await
            .is_err(),
        "a local forward is refused"
    );
    assert!(
        handle.tcpip_forward("127.0.0.1", 0).await.is_err(),
        "a remote forward is refused"
    );
    let mut channel = handle.channel_open_session().await.expect("a session");
    channel.agent_forward(true).await.expect("asked");
    assert!(matches!(
        next(&mut channel).await,
        Some(ChannelMsg::Failure)
    ));
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_authenticate_in_time_is_disconnected() {
    let running = serve(Settings {
        auth_deadline: Duration::from_secs(1),
        ..settings(Access::Keys(vec![key().public_key().clone()]), 32)
    })
    .await;
    let handle = connect(&running).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while !handle.is_closed() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "still connected without authenticating"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_each_keep_their_own_view_and_a_resize_redraws_at_the_new_size() {
    let alice = key();
    let running = server(Access::Keys(vec![alice.public_key().clone()]), 32).await;
    let (first, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (second, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (mut one, mut screen_one) = browser(&first).await;
    let (mut two, _) = browser(&second).await;
    one.data_bytes(&b"/bourita\r"[..]).await.expect("typed");
    read_until(&mut one, &mut screen_one, "2/15 briefings").await;
    // The second client's view is its own: still every briefing, and it answers its own keys.
    two.data_bytes(&b"G"[..]).await.expect("typed");
    two.window_change(60, 20, 0, 0).await.expect("resized");
    // A resize clears and redraws the whole window: a screen of the new size fed from here on
    // shows the browser laid out at that size.
    let mut screen_two = vt100::Parser::new(size(20), size(60), 0);
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let contents = screen_two.screen().contents();
        let last = screen_two.screen().rows(0, 60).nth(19).unwrap_or_default();
        // The status line is the window's last row only once the browser drew at 60x20.
        if last.contains("15/15") {
            break;
        }
        match tokio::time::timeout_at(deadline, two.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => screen_two.process(&data),
            Ok(Some(_)) => {}
            other => panic!("no redraw at 60x20 ({other:?}):\n{contents}"),
        }
    }
    assert!(!screen_two.screen().contents().contains("2/15"));
    assert!(screen_one.screen().contents().contains("2/15 briefings"));
    running.shutdown().await;
}

/// Whether any cell on the screen has a colour of its own.
fn coloured(screen: &vt100::Parser) -> bool {
    let s = screen.screen();
    let (rows, cols) = s.size();
    (0..rows.get()).any(|r| {
        (0..cols.get()).any(|c| {
            s.cell(r, c).is_some_and(|cell| {
                cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default
            })
        })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_theme_follows_the_clients_term_and_no_color() {
    let alice = key();
    let running = server(Access::Keys(vec![alice.public_key().clone()]), 32).await;
    let (colour, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (_, screen) = browser(&colour).await;
    assert!(coloured(&screen), "xterm gets colours");
    let (plain, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let mut channel = plain.channel_open_session().await.expect("a session");
    channel.set_env(true, "NO_COLOR", "1").await.expect("asked");
    assert!(matches!(
        next(&mut channel).await,
        Some(ChannelMsg::Success)
    ));
    channel
        .request_pty(false, "xterm-256color", 100, 30, 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(false).await.expect("shell");
    let mut screen = vt100::Parser::new(size(30), size(100), 0);
    read_until(&mut channel, &mut screen, "15/15 briefings").await;
    assert!(!coloured(&screen), "NO_COLOR from the client: no colours");
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_edited_on_disk_reaches_every_session_each_keeping_its_selection() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, title: &str, date: &str| {
        std::fs::write(
            dir.path().join(name),
            format!("title: {title}\ndate: {date}\n"),
        )
        .expect("write a briefing")
    };
    write("a.yaml", "Alpha talks", "2024-01-01");
    write("b.yaml", "Beta visit", "2023-01-01");
    let origin = Origin::Paths(vec![dir.path().to_path_buf()]);
    let corpus = Arc::new(Corpus::load(&origin));
    let alice = key();
    let settings = Settings {
        watch: Some(origin),
        served: vec![dir.path().to_path_buf()],
        ..settings(Access::Keys(vec![alice.public_key().clone()]), 4)
    };
    let running = start("127.0.0.1:0", corpus, settings)
        .await
        .expect("the server starts");
    let (first, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (second, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (mut one, mut screen_one) = browser_showing(&first, "2/2 briefings").await;
    let (mut two, mut screen_two) = browser_showing(&second, "2/2 briefings").await;
    // The second session selects Beta; the first stays on Alpha.
    two.data_bytes(&b"j"[..]).await.expect("typed");
    read_until(&mut two, &mut screen_two, "Beta visit").await;
    // One more briefing on disk: both sessions show it, each on the briefing it had.
    write("c.yaml", "Gamma forum", "2022-01-01");
    read_until(&mut one, &mut screen_one, "3/3 briefings").await;
    read_until(&mut two, &mut screen_two, "3/3 briefings").await;
    for (screen, selected) in [(&screen_one, "Alpha talks"), (&screen_two, "Beta visit")] {
        let contents = screen.screen().contents();
        assert!(contents.contains("Gamma forum"), "{contents}");
        // A reload is shown with paths from the served folder on, as the first load was.
        let server_side = dir.path().display().to_string();
        assert!(!contents.contains(&server_side), "{contents}");
        // The header (right of the list, first row) names the selected briefing.
        let header = screen.screen().rows(0, 100).next().unwrap_or_default();
        assert!(header.contains(selected), "{header}");
    }
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_served_session_never_offers_the_editor() {
    let running = server(Access::Open, 32).await;
    let handle = {
        let mut handle = connect(&running).await;
        let auth = handle
            .authenticate_none("bob")
            .await
            .expect("the server answers");
        assert!(auth.success(), "{auth:?}");
        handle
    };
    let (mut channel, mut screen) = browser(&handle).await;
    channel.data_bytes(&b"e"[..]).await.expect("sent e");
    read_until(
        &mut channel,
        &mut screen,
        "editing is not available: this session is read-only",
    )
    .await;
    // The help's last rows, where the editor's key would be among the others.
    channel.data_bytes(&b"?G"[..]).await.expect("sent ? and G");
    read_until(&mut channel, &mut screen, "filter line: clear").await;
    let help = screen.screen().contents();
    assert!(help.contains("copy the briefing as Markdown"), "{help}");
    assert!(!help.contains("$VISUAL"), "{help}");
    running.shutdown().await;
}

/// The row of the screen that shows `text`, if one does.
fn row_showing(screen: &vt100::Parser, text: &str) -> Option<u16> {
    let (_, columns) = screen.screen().size();
    screen
        .screen()
        .rows(0, columns.get())
        .position(|row| row.contains(text))
        .and_then(|row| u16::try_from(row).ok())
}

/// The first row of the screen: right of the list, it names the selected briefing.
fn header(screen: &vt100::Parser) -> String {
    let (_, columns) = screen.screen().size();
    screen
        .screen()
        .rows(0, columns.get())
        .next()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_a_list_row_selects_it_and_the_mouse_is_let_go_at_the_end() {
    let (running, _, handle) = alice_signed_in(32).await;
    let (mut channel, mut screen) = browser(&handle).await;
    // The client's terminal was asked to report the mouse, in SGR (1006) encoding.
    assert_ne!(
        screen.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    assert_eq!(
        screen.screen().mouse_protocol_encoding(),
        vt100::MouseProtocolEncoding::Sgr
    );
    assert!(!header(&screen).contains("Greece"), "{}", header(&screen));
    let row = row_showing(&screen, "5th Greece").expect("the briefing is listed");
    // A left click (press and release) on that row, 1-based as a terminal sends it.
    let click = format!("\x1b[<0;5;{row}M\x1b[<0;5;{row}m", row = row + 1);
    channel
        .data_bytes(click.into_bytes())
        .await
        .expect("clicked");
    read_until_seen(&mut channel, &mut screen, "the clicked briefing", |s| {
        header(s).contains("Greece")
    })
    .await;
    channel.data_bytes(&b"q"[..]).await.expect("sent q");
    let (text, status) = rest(&mut channel).await;
    assert_eq!(status, Some(0));
    screen.process(&text);
    // The client's terminal is as it was: no mouse reporting, the main screen, a cursor.
    assert_eq!(
        screen.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    assert!(!screen.screen().alternate_screen());
    assert!(!screen.screen().hide_cursor());
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_from_one_address_are_capped_and_the_extra_one_is_told_why() {
    let alice = key();
    let running = serve(Settings {
        max_per_peer: 2,
        ..settings(Access::Keys(vec![alice.public_key().clone()]), 32)
    })
    .await;
    let (first, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (second, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    // A third from the same address is turned away before any key exchange, and told why.
    let told = Arc::new(Mutex::new(None));
    let third = connect_as(
        running.addr,
        Client {
            told: Arc::clone(&told),
        },
    )
    .await;
    assert!(third.is_err(), "a third connection got in");
    let text = told
        .lock()
        .expect("not poisoned")
        .clone()
        .unwrap_or_default();
    assert!(
        text.contains("too many connections from your address"),
        "{text:?}"
    );
    // The two already in are untouched.
    browser(&first).await;
    // One leaving frees its place for the next (the server sees the close a moment later).
    second
        .disconnect(russh::Disconnect::ByApplication, "bye", "")
        .await
        .expect("disconnected");
    drop(second);
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Ok(mut handle) = connect_as(running.addr, Client::default()).await {
            assert!(sign_in(&mut handle, &alice).await.success());
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the place was never freed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_shows_paths_from_the_served_folder_never_the_servers_layout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("deep").join("team-briefs");
    std::fs::create_dir_all(folder.join("2024")).expect("folders");
    std::fs::write(
        folder.join("2024").join("summit.yaml"),
        "title: Alpha talks\ndate: 2024-01-01\n",
    )
    .expect("a briefing");
    std::fs::write(folder.join("broken.yaml"), "title: [\n").expect("a broken file");
    let alice = key();
    let running = serve(Settings {
        served: vec![folder.clone()],
        ..settings(Access::Keys(vec![alice.public_key().clone()]), 32)
    })
    .await;
    let (handle, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (mut channel, mut screen) = browser_showing(&handle, "Alpha talks").await;
    let server_side = dir.path().display().to_string();
    let hidden = |screen: &vt100::Parser| {
        let contents = screen.screen().contents();
        assert!(
            !contents.contains(&server_side) && !contents.contains("deep"),
            "{contents}"
        );
    };
    // The status line names the served folder by its name.
    assert!(
        screen.screen().contents().contains(" team-briefs · "),
        "{}",
        screen.screen().contents()
    );
    hidden(&screen);
    // z on the list shows the briefing whole, its file among its fields.
    channel.data_bytes(&b"z"[..]).await.expect("typed z");
    read_until(&mut channel, &mut screen, "team-briefs/2024/summit.yaml").await;
    hidden(&screen);
    // The load problems name the broken file the same way.
    channel.data_bytes(&b"\x1b"[..]).await.expect("typed Esc");
    read_until_seen(&mut channel, &mut screen, "the list", |s| {
        !s.screen().contents().contains("Esc or q closes")
    })
    .await;
    channel.data_bytes(&b"!"[..]).await.expect("typed !");
    read_until(&mut channel, &mut screen, "team-briefs/broken.yaml").await;
    hidden(&screen);
    running.shutdown().await;
}

/// Asserts that a session still answers keys: j moves its selection, which its header shows.
async fn still_answers(channel: &mut russh::Channel<Msg>, screen: &mut vt100::Parser) {
    let first = header(screen);
    channel.data_bytes(&b"j"[..]).await.expect("typed j");
    read_until_seen(channel, screen, "a new selection", |s| header(s) != first).await;
}

/// A browser on a connection of its own, which a test checks goes on working whatever happens
/// to another.
struct Bystander {
    _connection: client::Handle<Client>,
    channel: russh::Channel<Msg>,
    screen: vt100::Parser,
}

impl Bystander {
    async fn still_answers(&mut self) {
        still_answers(&mut self.channel, &mut self.screen).await
    }
}

/// A server, a connection of alice's, and a bystander of hers.
async fn with_a_bystander() -> (Running, PrivateKey, client::Handle<Client>, Bystander) {
    let (running, alice, handle) = alice_signed_in(32).await;
    let (connection, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    let (channel, screen) = browser(&connection).await;
    let bystander = Bystander {
        _connection: connection,
        channel,
        screen,
    };
    (running, alice, handle, bystander)
}

/// This process's resident memory in KiB (the server runs in it).
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The screen's row `row`, as text.
fn row_text(screen: &vt100::Parser, row: usize) -> String {
    let (_, columns) = screen.screen().size();
    screen
        .screen()
        .rows(0, columns.get())
        .nth(row)
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_65535_square_window_is_drawn_clamped_while_another_session_goes_on() {
    let (running, _, handle, mut bystander) = with_a_bystander().await;
    let before = resident_kib();
    let mut huge = open_browser(&handle, 65535, 65535).await;
    // A screen a little larger than the clamp shows where the browser stopped drawing.
    let (width, height) = (brief::screen::MAX_WIDTH, brief::screen::MAX_HEIGHT);
    let mut screen = vt100::Parser::new(size(height + 20), size(width + 20), 0);
    read_until_seen(
        &mut huge,
        &mut screen,
        "the status line at the clamp",
        |s| row_text(s, usize::from(height) - 1).contains("15/15 briefings"),
    )
    .await;
    let below = row_text(&screen, usize::from(height));
    assert!(below.trim().is_empty(), "drawn below the clamp: {below}");
    let right: String = (0..height)
        .filter_map(|r| screen.screen().cell(r, width))
        .map(|c| c.contents().to_string())
        .collect();
    assert!(right.trim().is_empty(), "drawn right of the clamp: {right}");
    let grown = resident_kib().saturating_sub(before);
    assert!(
        grown < 300 * 1024,
        "the server grew by {grown} KiB for one huge window"
    );
    // The other session still answers: j selects the second briefing.
    bystander.still_answers().await;
    running.shutdown().await;
}

/// The briefings' titles in the order the list shows them (newest first).
fn titles() -> Vec<String> {
    Corpus::load(&Origin::Paths(vec![briefings()]))
        .briefings
        .iter()
        .map(|e| e.briefing.title.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_sessions_navigate_independently_and_each_sees_its_own_selection() {
    let (running, alice, _) = alice_signed_in(32).await;
    let titles = titles();
    let mut sessions = tokio::task::JoinSet::new();
    for n in 0..20usize {
        let (handle, auth) = with_key(&running, &alice).await;
        assert!(auth.success());
        let moves = n % titles.len();
        let title: String = titles[moves].chars().take(20).collect();
        sessions.spawn(async move {
            let (mut channel, mut screen) = browser(&handle).await;
            channel
                .data_bytes("j".repeat(moves).into_bytes())
                .await
                .expect("typed");
            read_until_seen(&mut channel, &mut screen, &title, |s| {
                header(s).contains(&title)
            })
            .await;
            (n, channel, screen, handle)
        });
    }
    let mut done = Vec::new();
    while let Some(session) = sessions.join_next().await {
        done.push(session.expect("a session ran"));
    }
    // Once all have moved, each still shows its own selection.
    for (n, _, screen, _) in &done {
        let title: String = titles[n % titles.len()].chars().take(20).collect();
        assert!(header(screen).contains(&title), "{}", header(screen));
    }
    running.shutdown().await;
}

/// `len` bytes a hostile or broken client might send: random bytes (but `q` and Ctrl-c, so
/// the session has no reason to end), runs of keys, escape sequences cut short, a paste that
/// never ends and a sequence of parameters that never ends.
fn flood_bytes(len: usize) -> Vec<u8> {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut out = Vec::with_capacity(len + 64);
    while out.len() < len {
        match random() % 6 {
            0 => out.extend_from_slice(&b"jjjjkkkkGgg\t\t/ab\x1b\x1b"[..]),
            1 => out.extend_from_slice(b"\x1b[200~"),
            2 => {
                out.extend_from_slice(b"\x1b[");
                out.extend(std::iter::repeat_n(b"1;".iter().copied(), 500).flatten());
            }
            3 => out.extend_from_slice(b"\x1b[<0;5;"),
            _ => out.extend(
                (0..512)
                    .map(|_| (random() & 0xff) as u8)
                    .filter(|b| *b != b'q' && *b != 0x03),
            ),
        }
    }
    out.truncate(len);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_megabyte_of_garbage_and_keys_leaves_the_server_and_other_sessions_working() {
    let (running, alice, handle, mut bystander) = with_a_bystander().await;
    let (flooded, mut screen) = browser(&handle).await;
    let (mut reader, writer) = flooded.split();
    let mut flood = tokio::spawn(async move {
        for chunk in flood_bytes(1 << 20).chunks(16 * 1024) {
            // An error: the session has ended (and is looked at below).
            if writer.data_bytes(chunk.to_vec()).await.is_err() {
                break;
            }
        }
        writer
    });
    // The flooded session's output is read as it comes, as a terminal would.
    let mut status = None;
    let mut closed = false;
    let writer = loop {
        if closed {
            break flood.await.expect("the flood ran");
        }
        tokio::select! {
            writer = &mut flood => break writer.expect("the flood ran"),
            message = tokio::time::timeout(WAIT, reader.wait()) => {
                match message.expect("the flooded session answers or ends in time") {
                    Some(ChannelMsg::Data { data }) => screen.process(&data),
                    Some(ChannelMsg::ExitStatus { exit_status }) => status = Some(exit_status),
                    Some(ChannelMsg::Close) | None => closed = true,
                    Some(_) => {}
                }
            }
        }
    };
    // The other session still answers.
    bystander.still_answers().await;
    // A newcomer gets in.
    let (newcomer, auth) = with_key(&running, &alice).await;
    assert!(auth.success());
    browser(&newcomer).await;
    if closed {
        // Ended cleanly: with a status, and the client's terminal given back.
        assert!(status.is_some(), "no exit status");
        assert!(!screen.screen().alternate_screen());
    } else {
        // Still working: it redraws at a new window size.
        writer.window_change(60, 20, 0, 0).await.expect("resized");
        let mut resized = vt100::Parser::new(size(20), size(60), 0);
        let deadline = tokio::time::Instant::now() + WAIT;
        while row_text(&resized, 19).trim().is_empty() || row_text(&resized, 0).trim().is_empty() {
            match tokio::time::timeout_at(deadline, reader.wait()).await {
                Ok(Some(ChannelMsg::Data { data })) => resized.process(&data),
                Ok(Some(_)) => {}
                other => panic!(
                    "no redraw after the flood ({other:?}):\n{}",
                    resized.screen().contents()
                ),
            }
        }
    }
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_cut_off_mid_frame_leaves_the_others_working_and_frees_its_place() {
    let (running, alice, other) = alice_signed_in(2).await;
    let (mut calm, mut calm_screen) = browser(&other).await;
    // The victim's connection goes over a socket the test can cut.
    let socket = std::net::TcpStream::connect(running.addr).expect("connected");
    let cut = socket.try_clone().expect("a second handle on the socket");
    socket.set_nonblocking(true).expect("non-blocking");
    let mut victim = client::connect_stream(
        Arc::new(client::Config::default()),
        tokio::net::TcpStream::from_std(socket).expect("a tokio socket"),
        Client::default(),
    )
    .await
    .expect("an SSH connection");
    assert!(sign_in(&mut victim, &alice).await.success());
    // A large window makes large frames; the connection is cut once the first has begun.
    let mut channel = open_browser(&victim, 1000, 400).await;
    loop {
        match next(&mut channel).await {
            Some(ChannelMsg::Data { .. }) => break,
            Some(_) => {}
            None => panic!("the victim's session never drew"),
        }
    }
    channel.data_bytes(&b"G"[..]).await.expect("typed G");
    cut.shutdown(std::net::Shutdown::Both).expect("cut");
    // Both places were taken; once the server has seen the cut, a newcomer gets a browser.
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let (newcomer, auth) = with_key(&running, &alice).await;
        assert!(auth.success());
        let mut channel = open_browser(&newcomer, 100, 30).await;
        let mut screen = vt100::Parser::new(size(30), size(100), 0);
        let shown = loop {
            match next(&mut channel).await {
                Some(ChannelMsg::Data { data }) => screen.process(&data),
                Some(ChannelMsg::Close) | None => break false,
                Some(_) => {}
            }
            if screen.screen().contents().contains("15/15 briefings") {
                break true;
            }
        };
        if shown {
            break;
        }
        assert!(
            screen.screen().contents().contains("sessions are in use"),
            "{}",
            screen.screen().contents()
        );
        assert!(
            tokio::time::Instant::now() < deadline,
            "the cut session's place was never freed"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The other session still answers.
    still_answers(&mut calm, &mut calm_screen).await;
    running.shutdown().await;
}

/// Kills the server when the test ends, however it ends.
struct ServerProcess(std::process::Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_and_ctrl_c_tell_each_client_give_its_terminal_back_and_the_server_exits_0() {
    for signal in [libc::SIGTERM, libc::SIGINT] {
        stopped_by(signal).await;
    }
}

/// Runs `brief serve` with a client in a browser, sends the server `signal`, and checks what
/// the client and the server do.
async fn stopped_by(signal: libc::c_int) {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut server = ServerProcess(
        std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
            .arg("serve")
            .arg(briefings())
            .args(["--open", "--listen", "127.0.0.1:0", "--host-key"])
            .arg(dir.path().join("host_key"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("brief serve starts"),
    );
    let stdout = server.0.stdout.take().expect("stdout");
    // Its standard output stays open (it prints the host key's line after the address).
    let (first, _stdout) = tokio::task::spawn_blocking(move || {
        let mut lines = std::io::BufReader::new(stdout).lines();
        (lines.next().and_then(Result::ok), lines)
    })
    .await
    .expect("read");
    let first = first.expect("the address line");
    // A server stays open: like the browser, it declines transparent huge pages (src/memory.rs),
    // which a process has unless it asks (as this test's own shows, where the kernel says).
    #[cfg(target_os = "linux")]
    if common::run::thp_enabled(std::process::id()) == Some(true) {
        assert_eq!(
            common::run::thp_enabled(server.0.id()),
            Some(false),
            "the server keeps huge pages"
        );
    }
    let addr: std::net::SocketAddr = first
        .strip_prefix("listening on ")
        .and_then(|a| a.parse().ok())
        .expect("listening on ADDR");
    let mut handle = connect_as(addr, Client::default())
        .await
        .expect("connected");
    assert!(
        handle
            .authenticate_none("guest")
            .await
            .expect("answered")
            .success()
    );
    let (mut channel, mut screen) = browser(&handle).await;
    let pid = libc::pid_t::try_from(server.0.id()).expect("a pid");
    // SAFETY: a plain signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    let signalled = std::time::Instant::now();
    let (text, _) = rest(&mut channel).await;
    screen.process(&text);
    let said = String::from_utf8_lossy(&text);
    assert!(
        said.contains("the server is stopping"),
        "signal {signal}: {said:?}"
    );
    // The client's terminal is as it was: the main screen, a cursor, no mouse reporting.
    assert!(!screen.screen().alternate_screen());
    assert!(!screen.screen().hide_cursor());
    assert_eq!(
        screen.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    let status = loop {
        if let Some(status) = server.0.try_wait().expect("the server's status") {
            break status;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(5),
            "the server was still running 5 s after signal {signal}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "signal {signal}: {status:?}");
}
