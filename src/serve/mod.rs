//! `brief serve`: the browser served read-only over SSH, each client with its own view over one
//! shared corpus. Public keys only (or `--open`), a pty is required, and nothing but a shell
//! is offered: no exec, no subsystems, no forwarding.

pub mod keys;
pub mod shown_paths;
pub mod terminal;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use russh::keys::{PrivateKey, PublicKey};
use russh::server::{Auth, Handle, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelOpenFailure, MethodKind, MethodSet, Pty};
use tokio::sync::{mpsc, watch};

use crate::app::Loaded;
use crate::model::Corpus;
use crate::ui::ColorDepth;
use terminal::{ChannelEvents, InputParser, Out, SessionSpec, SharedSize};

/// Who may come in.
#[derive(Clone)]
pub enum Access {
    /// Anyone: any key, or none.
    Open,
    /// The holders of these keys.
    Keys(Vec<PublicKey>),
}

/// Everything a running server needs besides its listener.
pub struct Settings {
    pub access: Access,
    pub host_key: PrivateKey,
    pub max_sessions: usize,
    /// At most this many connections at once from one address; the next is turned away.
    pub max_per_peer: usize,
    pub idle_timeout: Duration,
    pub max_session_time: Duration,
    /// A connection not authenticated by then is closed.
    pub auth_deadline: Duration,
    /// Where the briefings came from, to watch for changes: one watcher for every session.
    pub watch: Option<crate::model::Origin>,
    /// The files and folders served, as given: clients see paths from their names on (see
    /// [`shown_paths`]), never where they are on the server.
    pub served: Vec<PathBuf>,
}

struct Shared {
    /// The corpus with its search and entity indexes, built once for every session.
    loaded: Loaded,
    access: Access,
    max_sessions: usize,
    sessions: AtomicUsize,
    connections: AtomicUsize,
    max_per_peer: usize,
    /// Open connections by peer address.
    per_peer: Mutex<HashMap<IpAddr, usize>>,
    idle_timeout: Duration,
    max_session_time: Duration,
    auth_deadline: Duration,
    stopping: Arc<AtomicBool>,
    /// The one watcher's reloads, which every session picks up.
    feed: Option<Arc<Mutex<crate::session::Published>>>,
}

/// A server that is running: its address, its host key's fingerprint, and the way to stop it.
pub struct Running {
    pub addr: SocketAddr,
    pub fingerprint: String,
    stop: watch::Sender<bool>,
    shared: Arc<Shared>,
    accept: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops accepting, ends every session (each is told), and waits a little for them to close.
    pub async fn shutdown(self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        let _ = self.stop.send(true);
        let _ = self.accept.await;
        let deadline = Instant::now() + Duration::from_secs(3);
        while self.shared.connections.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Starts serving `corpus` on `listen` (port 0 takes a free port). Must run inside a tokio
/// runtime with more than one thread or with blocking allowed elsewhere: sessions run on threads
/// of their own.
pub async fn start(
    listen: &str,
    corpus: Arc<Corpus>,
    settings: Settings,
) -> anyhow::Result<Running> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("listening on {listen}"))?;
    let addr = listener.local_addr()?;
    let fingerprint = keys::fingerprint(settings.host_key.public_key());
    let mut methods = MethodSet::empty();
    methods.push(MethodKind::PublicKey);
    if matches!(settings.access, Access::Open) {
        methods.push(MethodKind::None);
    }
    let config = Arc::new(russh::server::Config {
        methods,
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![settings.host_key],
        max_auth_attempts: 6,
        // Nothing at all from the client for this long (keepalive answers count) ends it.
        inactivity_timeout: Some(settings.idle_timeout + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 3,
        nodelay: true,
        ..Default::default()
    });
    let shown = shown_paths::ShownPaths::new(&settings.served);
    let loaded = Loaded::of(Arc::new(shown.corpus(&corpus)));
    let stopping = Arc::new(AtomicBool::new(false));
    // The watcher reloads from the server's own paths; sessions get each reload as shown.
    let feed = settings.watch.as_ref().and_then(|origin| {
        crate::session::watch_and_publish(origin, corpus, Arc::clone(&stopping), move |loaded| {
            shown.loaded(loaded)
        })
    });
    let shared = Arc::new(Shared {
        loaded,
        access: settings.access,
        max_sessions: settings.max_sessions,
        sessions: AtomicUsize::new(0),
        connections: AtomicUsize::new(0),
        max_per_peer: settings.max_per_peer,
        per_peer: Mutex::new(HashMap::new()),
        idle_timeout: settings.idle_timeout,
        max_session_time: settings.max_session_time,
        auth_deadline: settings.auth_deadline,
        stopping,
        feed,
    });
    let (stop, stopped) = watch::channel(false);
    let accept = tokio::spawn(accept_loop(listener, config, Arc::clone(&shared), stopped));
    Ok(Running {
        addr,
        fingerprint,
        stop,
        shared,
        accept,
    })
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = stopped.changed() => return,
            accepted = listener.accept() => {
                let Ok((socket, peer)) = accepted else {
                    // Out of descriptors, or a connection reset before it was accepted.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                };
                let refused = |why: &str| {
                    let info = ConnInfo { ended: Some(format!("refused: {why}")), ..Default::default() };
                    log_line(peer, &info, Duration::ZERO);
                };
                // Connections that have not opened a session yet are bounded too.
                let Some(mut place) = ConnectionPlace::take(&shared) else {
                    refused("too many connections");
                    drop(socket);
                    continue;
                };
                // A refusal takes a place while it is said, so refusals are bounded as well.
                if !place.count_peer(peer.ip()) {
                    refused("too many connections from this address");
                    tokio::spawn(async move {
                        turn_away(socket, PEER_REFUSAL).await;
                        drop(place);
                    });
                    continue;
                }
                let (config, shared, stopped) = (Arc::clone(&config), Arc::clone(&shared), stopped.clone());
                tokio::spawn(async move {
                    connection(socket, peer, config, shared, stopped).await;
                    drop(place);
                });
            }
        }
    }
}

/// What a client over `--max-per-peer` is told.
const PEER_REFUSAL: &str = "too many connections from your address; please try again later";

/// A connection's place among the open ones (and among its address's, once counted there):
/// given back when dropped, however the connection ends.
struct ConnectionPlace {
    shared: Arc<Shared>,
    peer: Option<IpAddr>,
}

impl ConnectionPlace {
    /// A place, unless every one is taken.
    fn take(shared: &Arc<Shared>) -> Option<ConnectionPlace> {
        let limit = shared.max_sessions + 16;
        shared
            .connections
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < limit).then_some(n + 1)
            })
            .ok()?;
        Some(ConnectionPlace {
            shared: Arc::clone(shared),
            peer: None,
        })
    }

    /// Counts the connection for its address; `false` when that address has all it may.
    fn count_peer(&mut self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        let Ok(mut per_peer) = self.shared.per_peer.lock() else {
            return false;
        };
        let open = per_peer.entry(ip).or_insert(0);
        if *open >= self.shared.max_per_peer {
            return false;
        }
        *open += 1;
        self.peer = Some(ip);
        true
    }
}

impl Drop for ConnectionPlace {
    fn drop(&mut self) {
        self.shared.connections.fetch_sub(1, Ordering::SeqCst);
        if let Some(ip) = self.peer
            && let Ok(mut per_peer) = self.shared.per_peer.lock()
            && let Some(open) = per_peer.get_mut(&ip)
        {
            *open = open.saturating_sub(1);
            if *open == 0 {
                per_peer.remove(&ip);
            }
        }
    }
}

/// Turns a connection away before any key exchange, the one way SSH allows: our version line,
/// then a disconnect message in the clear, which clients show ("too many connections").
async fn turn_away(mut socket: tokio::net::TcpStream, why: &str) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let said = async {
        socket.write_all(&refusal_bytes(why)).await?;
        socket.shutdown().await?;
        // What the client sent is read until it closes: closing with unread bytes would reset
        // the connection, and the client could lose the reason before reading it.
        let mut sink = [0u8; 4096];
        while socket.read(&mut sink).await? > 0 {}
        std::io::Result::Ok(())
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), said).await;
}

/// The server's version line and an unencrypted SSH_MSG_DISCONNECT (RFC 4253, 11.1) with the
/// reason "too many connections" and `why` as its text.
fn refusal_bytes(why: &str) -> Vec<u8> {
    const SSH_MSG_DISCONNECT: u8 = 1;
    const TOO_MANY_CONNECTIONS: u32 = 12;
    let text = why.as_bytes();
    let mut payload = vec![SSH_MSG_DISCONNECT];
    payload.extend_from_slice(&TOO_MANY_CONNECTIONS.to_be_bytes());
    payload.extend_from_slice(&(text.len() as u32).to_be_bytes());
    payload.extend_from_slice(text);
    // An empty language tag.
    payload.extend_from_slice(&0u32.to_be_bytes());
    // Length, padding length, payload and padding make a multiple of 8, with 4 to 11 bytes of
    // padding.
    let padding = 4 + (8 - (4 + 1 + payload.len() + 4) % 8) % 8;
    let mut out = b"SSH-2.0-brief_serve\r\n".to_vec();
    out.extend_from_slice(&((1 + payload.len() + padding) as u32).to_be_bytes());
    out.push(padding as u8);
    out.extend_from_slice(&payload);
    out.extend(std::iter::repeat_n(0u8, padding));
    out
}

/// What the log line says about a connection.
#[derive(Default)]
struct ConnInfo {
    user: Option<String>,
    key: Option<String>,
    authenticated: bool,
    ended: Option<String>,
}

fn log_line(peer: SocketAddr, info: &ConnInfo, duration: Duration) {
    crate::say!(
        "{} peer={} user={} key={} ended=\"{}\" duration={:.1}s",
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
        peer,
        info.user
            .as_deref()
            .map(crate::text::one_line)
            .unwrap_or_else(|| "-".into()),
        info.key.as_deref().unwrap_or("-"),
        info.ended.as_deref().unwrap_or("disconnected"),
        duration.as_secs_f64()
    );
}

async fn connection(
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    mut stopped: watch::Receiver<bool>,
) {
    let started = Instant::now();
    let info = Arc::new(Mutex::new(ConnInfo::default()));
    let set_ended = |text: &str| {
        if let Ok(mut i) = info.lock()
            && i.ended.is_none()
        {
            i.ended = Some(text.to_string());
        }
    };
    let handler = Conn {
        shared: Arc::clone(&shared),
        info: Arc::clone(&info),
        channel: None,
        term: None,
        env: Vec::new(),
        size: Arc::new(Mutex::new((80, 24))),
        link: None,
    };
    let auth_deadline = tokio::time::Instant::now() + shared.auth_deadline;
    let setup = tokio::time::timeout_at(
        auth_deadline,
        russh::server::run_stream(config, socket, handler),
    )
    .await;
    let running = match setup {
        Ok(Ok(running)) => running,
        Ok(Err(e)) => {
            set_ended(&format!("failed before authentication: {e}"));
            return finish(peer, &info, started);
        }
        Err(_) => {
            set_ended("authentication deadline");
            return finish(peer, &info, started);
        }
    };
    let handle = running.handle();
    tokio::pin!(running);
    let mut auth_checked = false;
    // A backstop for the session's own limit, for connections that never open a session.
    let limit = tokio::time::Instant::now() + shared.max_session_time + Duration::from_secs(5);
    let disconnect = |handle: Handle, why: &'static str| async move {
        let _ = handle
            .disconnect(
                russh::Disconnect::ByApplication,
                why.to_string(),
                String::new(),
            )
            .await;
    };
    loop {
        tokio::select! {
            result = &mut running => {
                if let Err(e) = result {
                    set_ended(&format!("error: {e}"));
                }
                break;
            }
            _ = tokio::time::sleep_until(auth_deadline), if !auth_checked => {
                auth_checked = true;
                if !info.lock().is_ok_and(|i| i.authenticated) {
                    set_ended("authentication deadline");
                    disconnect(handle.clone(), "authentication took too long").await;
                    let _ = tokio::time::timeout(Duration::from_secs(2), &mut running).await;
                    break;
                }
            }
            _ = tokio::time::sleep_until(limit) => {
                set_ended("session time limit");
                disconnect(handle.clone(), "the session's time is up").await;
                let _ = tokio::time::timeout(Duration::from_secs(2), &mut running).await;
                break;
            }
            _ = stopped.changed() => {
                // Sessions say goodbye themselves; give them a moment first. A finished
                // connection must not be polled again.
                if tokio::time::timeout(Duration::from_secs(1), &mut running).await.is_err() {
                    set_ended("server stopped");
                    disconnect(handle.clone(), "the server is stopping").await;
                    let _ = tokio::time::timeout(Duration::from_secs(1), &mut running).await;
                }
                break;
            }
        }
    }
    finish(peer, &info, started)
}

fn finish(peer: SocketAddr, info: &Mutex<ConnInfo>, started: Instant) {
    if let Ok(info) = info.lock() {
        log_line(peer, &info, started.elapsed());
    }
}

/// The handler's side of a running session.
struct Link {
    events: std::sync::mpsc::SyncSender<crossterm::event::Event>,
    parser: InputParser,
    stop: Arc<AtomicBool>,
    last_input: Arc<Mutex<Instant>>,
}

/// One connection's handler.
struct Conn {
    shared: Arc<Shared>,
    info: Arc<Mutex<ConnInfo>>,
    channel: Option<ChannelId>,
    term: Option<String>,
    /// COLORTERM, NO_COLOR and LANG as the client sent them.
    env: Vec<(String, String)>,
    size: SharedSize,
    link: Option<Link>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(link) = &self.link {
            link.stop.store(true, Ordering::SeqCst);
        }
    }
}

impl Conn {
    fn allowed(&self, key: &PublicKey) -> bool {
        match &self.shared.access {
            Access::Open => true,
            Access::Keys(keys) => keys::is_allowed(keys, key),
        }
    }

    fn reject() -> Auth {
        let mut methods = MethodSet::empty();
        methods.push(MethodKind::PublicKey);
        Auth::Reject {
            proceed_with_methods: Some(methods),
            partial_success: false,
        }
    }

    fn accepted(&self, user: &str, key: Option<String>) -> Auth {
        if let Ok(mut info) = self.info.lock() {
            info.user = Some(user.to_string());
            info.key = key;
            info.authenticated = true;
        }
        Auth::Accept
    }

    /// The client closed (or will send nothing more on) the browser's channel: its session ends.
    fn client_left(&self, channel: ChannelId) {
        if Some(channel) == self.channel
            && let Some(link) = &self.link
        {
            link.stop.store(true, Ordering::SeqCst);
        }
    }

    fn env(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn ended(&self, text: &str) {
        if let Ok(mut info) = self.info.lock()
            && info.ended.is_none()
        {
            info.ended = Some(text.to_string());
        }
    }
}

/// Sends `text` as one line on the channel, then exit status 1, and closes it.
async fn refuse_session(handle: Handle, channel: ChannelId, text: &str) {
    let _ = handle
        .data(channel, format!("brief serve: {text}\r\n").into_bytes())
        .await;
    let _ = handle.exit_status_request(channel, 1).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}

impl Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if matches!(self.shared.access, Access::Open) {
            return Ok(self.accepted(user, None));
        }
        Ok(Self::reject())
    }

    async fn auth_password(&mut self, _user: &str, _password: &str) -> Result<Auth, Self::Error> {
        Ok(Self::reject())
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        Ok(Self::reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(if self.allowed(offer.public_key) {
            Auth::Accept
        } else {
            Self::reject()
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.allowed(key.public_key) {
            Ok(self.accepted(user, Some(keys::fingerprint(key.public_key))))
        } else {
            Ok(Self::reject())
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One session per connection. The channel object is dropped: input arrives in `data`.
        if self.channel.is_some() {
            reply
                .reject(ChannelOpenFailure::AdministrativelyProhibited)
                .await;
        } else {
            self.channel = Some(channel.id());
            reply.accept().await;
        }
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel || self.link.is_some() {
            return session.channel_failure(channel);
        }
        self.term = Some(term.to_string());
        if let Ok(mut size) = self.size.lock() {
            *size = clamp(col_width, row_height);
        }
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        variable_name: &str,
        variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let known = ["TERM", "COLORTERM", "NO_COLOR", "LANG"];
        if Some(channel) == self.channel && known.contains(&variable_name) && self.env.len() < 16 {
            self.env
                .push((variable_name.to_string(), variable_value.to_string()));
            session.channel_success(channel)
        } else {
            session.channel_failure(channel)
        }
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel || self.link.is_some() {
            return session.channel_failure(channel);
        }
        session.channel_success(channel)?;
        let handle = session.handle();
        let Some(term) = self.term.clone() else {
            self.ended("refused: no pty");
            tokio::spawn(async move {
                refuse_session(
                    handle,
                    channel,
                    "this is a full-screen browser and needs a terminal; connect with ssh -t",
                )
                .await
            });
            return Ok(());
        };
        let shared = Arc::clone(&self.shared);
        let taken = shared.sessions.fetch_add(1, Ordering::SeqCst);
        if taken >= shared.max_sessions {
            shared.sessions.fetch_sub(1, Ordering::SeqCst);
            self.ended("refused: too many sessions");
            let text = format!(
                "all {} sessions are in use; please try again later",
                shared.max_sessions
            );
            tokio::spawn(async move { refuse_session(handle, channel, &text).await });
            return Ok(());
        }
        let term = self.env("TERM").map(str::to_string).unwrap_or(term);
        let depth = ColorDepth::detect(self.env("NO_COLOR"), self.env("COLORTERM"), Some(&term));
        let (events_tx, events_rx) = std::sync::mpsc::sync_channel(1024);
        let stop = Arc::new(AtomicBool::new(false));
        let last_input = Arc::new(Mutex::new(Instant::now()));
        let (out_tx, mut out_rx) = mpsc::channel::<Out>(8);
        self.link = Some(Link {
            events: events_tx,
            parser: InputParser::default(),
            stop: Arc::clone(&stop),
            last_input: Arc::clone(&last_input),
        });
        let spec = SessionSpec {
            loaded: shared.loaded.clone(),
            depth,
            size: Arc::clone(&self.size),
            events: ChannelEvents {
                events: events_rx,
                stop,
            },
            out: out_tx,
            last_input,
            server_stopping: Arc::clone(&shared.stopping),
            feed: shared.feed.clone(),
            idle_timeout: shared.idle_timeout,
            max_session_time: shared.max_session_time,
        };
        // Frames go out in order; a slow client holds its own session back, no one else's.
        let writer_handle = handle.clone();
        tokio::spawn(async move {
            while let Some(message) = out_rx.recv().await {
                match message {
                    Out::Data(bytes) => {
                        if writer_handle.data(channel, bytes).await.is_err() {
                            break;
                        }
                    }
                    Out::Exit(status) => {
                        let _ = writer_handle.exit_status_request(channel, status).await;
                        let _ = writer_handle.eof(channel).await;
                        let _ = writer_handle.close(channel).await;
                        break;
                    }
                }
            }
        });
        let info = Arc::clone(&self.info);
        let counted = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("serve-session".into())
            .spawn(move || {
                let how = terminal::run_session(spec);
                counted.sessions.fetch_sub(1, Ordering::SeqCst);
                if let Ok(mut info) = info.lock()
                    && info.ended.is_none()
                {
                    info.ended = Some(how);
                }
            });
        if thread.is_err() {
            shared.sessions.fetch_sub(1, Ordering::SeqCst);
            self.ended("error: no thread for the session");
            self.link = None;
            tokio::spawn(async move {
                refuse_session(handle, channel, "the server is out of resources").await
            });
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel {
            return Ok(());
        }
        if let Some(link) = &mut self.link {
            if let Ok(mut t) = link.last_input.lock() {
                *t = Instant::now();
            }
            for event in link.parser.feed(data) {
                // A client typing faster than the browser reads loses keys, never memory.
                let _ = link.events.try_send(event);
            }
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel {
            return Ok(());
        }
        let (width, height) = clamp(col_width, row_height);
        if let Ok(mut size) = self.size.lock() {
            *size = (width, height);
        }
        if let Some(link) = &self.link {
            let _ = link
                .events
                .try_send(crossterm::event::Event::Resize(width, height));
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.client_left(channel);
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.client_left(channel);
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }
}

fn clamp(width: u32, height: u32) -> (u16, u16) {
    let narrow = |v: u32| u16::try_from(v).unwrap_or(u16::MAX).max(1);
    crate::screen::clamp_size(narrow(width), narrow(height))
}

/// A duration as given on the command line: a number with `s`, `m` or `h` (seconds without).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 90s, 10m or 2h"))?;
    let seconds = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("`{text}` is not a duration such as 90s, 10m or 2h")),
    };
    if seconds == 0 {
        return Err("a duration must be more than zero".into());
    }
    Ok(Duration::from_secs(seconds))
}

/// The command's options, as the command line gives them.
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub listen: String,
    pub authorized_keys: Option<PathBuf>,
    pub open: bool,
    pub host_key: Option<PathBuf>,
    pub max_sessions: usize,
    pub max_per_peer: usize,
    pub idle_timeout: Duration,
    pub max_session_time: Duration,
}

/// `brief serve`: serves until Ctrl-c or SIGTERM. Returns the exit status.
pub fn run(options: Options) -> u8 {
    match serve(options) {
        Ok(()) => crate::cli::EXIT_OK,
        Err(e) => {
            crate::say!("brief serve: {e:#}");
            crate::cli::EXIT_USAGE
        }
    }
}

fn serve(options: Options) -> anyhow::Result<()> {
    if let Some(missing) = options.paths.iter().find(|p| !p.exists()) {
        anyhow::bail!("no such file or folder: {}", missing.display());
    }
    let access = match (&options.authorized_keys, options.open) {
        (Some(_), true) => anyhow::bail!("--open and --authorized-keys do not go together"),
        (Some(path), false) => Access::Keys(keys::authorized_keys(path)?),
        (None, true) => Access::Open,
        (None, false) => anyhow::bail!(
            "say who may connect: --authorized-keys FILE (an OpenSSH authorized_keys file), or --open to let anyone in"
        ),
    };
    if options.max_sessions == 0 {
        anyhow::bail!("--max-sessions must be at least 1");
    }
    if options.max_per_peer == 0 {
        anyhow::bail!("--max-per-peer must be at least 1");
    }
    let host_key_path = match options.host_key {
        Some(p) => p,
        None => crate::cli::data_dir()
            .context("finding the data folder for the host key (give --host-key)")?
            .join("serve_host_ed25519_key"),
    };
    let host_key = keys::host_key(&host_key_path)?;
    let origin = crate::config::origin(&options.paths);
    let corpus = Arc::new(Corpus::load(&origin));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the network runtime")?;
    runtime.block_on(async {
        let settings = Settings {
            access: access.clone(),
            host_key,
            max_sessions: options.max_sessions,
            max_per_peer: options.max_per_peer,
            idle_timeout: options.idle_timeout,
            max_session_time: options.max_session_time,
            auth_deadline: Duration::from_secs(30),
            watch: Some(origin.clone()),
            served: origin.paths(),
        };
        let running = start(&options.listen, corpus, settings).await?;
        {
            use std::io::Write;
            let mut out = crate::sanitize::stdout();
            writeln!(out, "listening on {}", running.addr)?;
            writeln!(out, "host key {}", running.fingerprint)?;
            out.flush()?;
        }
        if matches!(access, Access::Open) {
            crate::say!(
                "brief serve: warning: --open lets anyone who can reach {} in, with any key or none",
                running.addr
            );
        }
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .context("listening for SIGTERM")?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        crate::say!("brief serve: stopping");
        running.shutdown().await;
        anyhow::Ok(())
    })?;
    // Session threads that are still drawing are not waited for.
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}
