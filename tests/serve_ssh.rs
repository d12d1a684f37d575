//! `brief serve` end to end with the OpenSSH client, when there is one: the real binary
//! serves, `ssh -tt` runs in a pseudo-terminal, and the screen it shows is parsed.

use std::io::{BufRead, BufReader, Read, Write};
use std::num::NonZeroU16;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(20);
/// A config file that does not exist: the server never reads the developer's own config.
const NO_CONFIG: &str = "/nonexistent/brief-tests/config.toml";

/// Kills the server when the test ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("not zero")
}

#[test]
fn openssh_gets_the_browser_in_its_terminal_and_q_ends_it_with_status_0() {
    if Command::new("ssh").arg("-V").output().is_err()
        || Command::new("ssh-keygen").arg("-?").output().is_err()
    {
        // CI installs the client and asks for the test: there a missing client is a failure.
        assert!(
            std::env::var_os("BRIEF_REQUIRE_SSH").is_none(),
            "BRIEF_REQUIRE_SSH is set but the OpenSSH client (ssh, ssh-keygen) is missing"
        );
        eprintln!("no OpenSSH client here: skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let key = dir.path().join("id_ed25519");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test@brief", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen runs");
    assert!(made.success());
    let log = dir.path().join("log");
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_brief"))
            .env("BRIEF_CONFIG", NO_CONFIG)
            .env("BRIEF_CONFIG", NO_CONFIG)
            .arg("serve")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/briefings"))
            .args(["--listen", "127.0.0.1:0", "--authorized-keys"])
            .arg(key.with_extension("pub"))
            .arg("--host-key")
            .arg(dir.path().join("host_key"))
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("brief serve starts"),
    );
    let stdout = server.0.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).expect("the address line");
    let addr = first
        .strip_prefix("listening on ")
        .expect("listening on ADDR")
        .to_string();
    let fingerprint = lines.next().and_then(Result::ok).expect("the key line");
    assert!(fingerprint.starts_with("host key SHA256:"), "{fingerprint}");
    let port = addr.rsplit(':').next().expect("a port").to_string();

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut ssh = CommandBuilder::new("ssh");
    ssh.args(["-tt", "-F", "/dev/null", "-p", &port, "-i"]);
    ssh.arg(&key);
    ssh.args([
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "alice@127.0.0.1",
    ]);
    ssh.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(ssh).expect("ssh starts");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(nonzero(30), nonzero(100), 0)));
    let parsed = Arc::clone(&screen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = parsed.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let contents = || {
        screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    };
    let start = Instant::now();
    while !contents().contains("15/15 briefings") {
        assert!(
            start.elapsed() < TIMEOUT,
            "the browser never showed; the screen:\n{}",
            contents()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    writer.write_all(b"q").expect("typed q");
    writer.flush().expect("flushed");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("ssh's status") {
            break status;
        }
        assert!(start.elapsed() < TIMEOUT, "ssh did not end after q");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "ssh ended with {status:?}");
    // One line for the connection: who, with which key, how it ended.
    let listed = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(key.with_extension("pub"))
        .output()
        .expect("ssh-keygen -l runs");
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    let client_fingerprint = listed.split_whitespace().nth(1).expect("a fingerprint");
    let start = Instant::now();
    let line = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.contains("peer=127.0.0.1:")) {
            break line.to_string();
        }
        assert!(start.elapsed() < TIMEOUT, "no log line: {text}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(line.contains("user=alice"), "{line}");
    assert!(
        line.contains(&format!("key={client_fingerprint}")),
        "{line}"
    );
    assert!(line.contains("ended=\"quit\""), "{line}");
    assert!(line.contains("duration="), "{line}");
}

#[test]
fn serve_needs_to_be_told_who_may_connect_and_warns_when_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let refused = Command::new(env!("CARGO_BIN_EXE_brief"))
        .env("BRIEF_CONFIG", NO_CONFIG)
        .env("BRIEF_CONFIG", NO_CONFIG)
        .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
        .arg(dir.path().join("host_key"))
        .output()
        .expect("brief serve runs");
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("--authorized-keys") && message.contains("--open"),
        "{message}"
    );
    assert!(
        !dir.path().join("host_key").exists(),
        "nothing is written before it can start"
    );
    let missing = Command::new(env!("CARGO_BIN_EXE_brief"))
        .env("BRIEF_CONFIG", NO_CONFIG)
        .env("BRIEF_CONFIG", NO_CONFIG)
        .args(["serve", "/no/such/briefings", "--open", "--host-key"])
        .arg(dir.path().join("host_key"))
        .output()
        .expect("brief serve runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such file or folder"));
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_brief"))
            .env("BRIEF_CONFIG", NO_CONFIG)
            .env("BRIEF_CONFIG", NO_CONFIG)
            .args(["serve", "--open", "--listen", "127.0.0.1:0", "--host-key"])
            .arg(dir.path().join("host_key"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("brief serve starts"),
    );
    let stderr = server.0.stderr.take().expect("stderr");
    let warning = BufReader::new(stderr)
        .lines()
        .next()
        .and_then(Result::ok)
        .expect("a warning");
    assert!(warning.contains("--open lets anyone"), "{warning}");
}

#[test]
fn serve_refuses_limits_of_zero_and_its_help_and_readme_give_the_same_defaults() {
    let dir = tempfile::tempdir().expect("temp dir");
    for flag in ["--max-sessions", "--max-per-peer"] {
        let refused = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["serve", "--open", "--listen", "127.0.0.1:0", flag, "0"])
            .arg("--host-key")
            .arg(dir.path().join("host_key"))
            .output()
            .expect("brief serve runs");
        assert_eq!(refused.status.code(), Some(2), "{flag} 0");
        let message = String::from_utf8_lossy(&refused.stderr);
        assert!(
            message.contains(&format!("{flag} must be at least 1")),
            "{message}"
        );
    }
    let help = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["serve", "--help"])
        .output()
        .expect("brief serve --help runs");
    let help = String::from_utf8_lossy(&help.stdout);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    // Each default README.md states is the one the command has.
    for (flag, value, default) in [
        ("--listen", "ADDR", "127.0.0.1:2222"),
        ("--max-sessions", "N", "32"),
        ("--max-per-peer", "N", "8"),
        ("--idle-timeout", "DURATION", "10m"),
        ("--max-session-time", "DURATION", "8h"),
    ] {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{flag} <")))
            .unwrap_or_else(|| panic!("{flag} is missing from:\n{help}"));
        assert!(line.contains(&format!("[default: {default}]")), "{line}");
        let stated = if flag == "--listen" {
            format!("`--listen`, default `{default}`")
        } else {
            format!("`{flag} {value}` ({default})")
        };
        assert!(readme.contains(&stated), "README.md does not say {stated}");
    }
}

#[test]
fn the_default_host_key_is_made_once_in_the_data_folder_and_kept_across_restarts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let start = || {
        let mut server = Server(
            Command::new(env!("CARGO_BIN_EXE_brief"))
                .args(["serve", "--open", "--listen", "127.0.0.1:0"])
                .env("BRIEF_DATA_DIR", dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("brief serve starts"),
        );
        let stdout = server.0.stdout.take().expect("stdout");
        let key_line = BufReader::new(stdout)
            .lines()
            .nth(1)
            .and_then(Result::ok)
            .expect("the host key's line");
        (server, key_line)
    };
    let (first, printed) = start();
    drop(first);
    let path = dir.path().join("serve_host_ed25519_key");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .expect("written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let (_second, again) = start();
    assert!(printed.starts_with("host key SHA256:"), "{printed}");
    assert_eq!(printed, again, "the same key after a restart");
}
