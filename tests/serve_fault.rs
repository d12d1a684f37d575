//! A panic in one SSH session ends that session only: the client is told, and the server goes
//! on serving. Alone in its test binary, since the fault is asked for through the environment.

use std::sync::Arc;
use std::time::Duration;

use brief::model::{Corpus, Origin};
use brief::serve::{Access, Settings, start};
use russh::ChannelMsg;
use russh::client;
use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// Connects, opens a browser session and returns what it wrote and its exit status.
async fn session(addr: std::net::SocketAddr, key: &PrivateKey) -> (String, Option<u32>) {
    let mut handle = client::connect(Arc::new(client::Config::default()), addr, Client)
        .await
        .expect("connected");
    let auth = handle
        .authenticate_publickey(
            "alice",
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .expect("answered");
    assert!(auth.success());
    let mut channel = handle.channel_open_session().await.expect("a session");
    channel
        .request_pty(false, "xterm", 80, 24, 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(false).await.expect("shell");
    let mut text = Vec::new();
    let mut status = None;
    loop {
        match tokio::time::timeout(Duration::from_secs(30), channel.wait())
            .await
            .expect("in time")
        {
            Some(ChannelMsg::Data { data }) => text.extend_from_slice(&data),
            Some(ChannelMsg::ExitStatus { exit_status }) => status = Some(exit_status),
            Some(ChannelMsg::Close) | None => break,
            Some(_) => {}
        }
    }
    (String::from_utf8_lossy(&text).into_owned(), status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_session_ends_alone_and_the_server_goes_on() {
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("BRIEF_TEST_FAULT", "serve-panic") };
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).expect("a key");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let corpus = Arc::new(Corpus::load(&Origin::Paths(vec![path])));
    let running = start(
        "127.0.0.1:0",
        corpus,
        Settings {
            access: Access::Keys(vec![key.public_key().clone()]),
            host_key: PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).expect("a key"),
            max_sessions: 1,
            max_per_peer: 8,
            idle_timeout: Duration::from_secs(600),
            max_session_time: Duration::from_secs(600),
            auth_deadline: Duration::from_secs(30),
            watch: None,
            served: Vec::new(),
        },
    )
    .await
    .expect("started");
    for _ in 0..2 {
        let (text, status) = session(running.addr, &key).await;
        assert!(text.contains("internal error"), "{text}");
        // The screen is put back for the client, and the mouse let go.
        assert!(text.contains("\x1b[?1049l"), "{text:?}");
        assert!(text.contains("\x1b[?1000l"), "{text:?}");
        assert_eq!(status, Some(1));
    }
    // The second session got in although at most one may run: the first one's place was freed.
    running.shutdown().await;
}
