//! Running the `brief` binary from tests and reading what it printed.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A config file that does not exist: tests never read the developer's own config.
pub const NO_CONFIG: &str = "/nonexistent/brief-tests/config.toml";

/// `brief` run from the repository root, without `BRIEF_PATH` and without a config file.
pub fn brief() -> Command {
    let mut cmd = Command::cargo_bin("brief").expect("the brief binary");
    cmd.current_dir(root())
        .env_remove("BRIEF_PATH")
        .env("BRIEF_CONFIG", NO_CONFIG);
    cmd
}

/// What a finished command printed, and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Standard output read back as CSV: the header and the records.
    pub fn csv(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_reader(self.stdout.as_bytes());
        let header = reader
            .headers()
            .expect("a CSV header")
            .iter()
            .map(String::from)
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                r.unwrap_or_else(|e| panic!("a CSV record ({e}):\n{}", self.stdout))
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect();
        (header, rows)
    }
}

pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("brief runs");
    Run {
        code: out
            .status
            .code()
            .expect("brief exited normally, not by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `brief ARGS` from the repository root and checks the exit status.
pub fn run_ok(args: &[&str], code: i32) -> Run {
    run_in(root(), args, code)
}

/// Runs `brief ARGS` from `dir` and checks the exit status.
pub fn run_in(dir: &Path, args: &[&str], code: i32) -> Run {
    let r = run(brief().current_dir(dir).args(args));
    assert_eq!(
        r.code,
        code,
        "brief {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        r.stdout,
        r.stderr
    );
    r
}

pub fn ids(rows: &Value) -> Vec<&str> {
    rows.as_array()
        .expect("a JSON array")
        .iter()
        .map(|r| r["id"].as_str().expect("an id string"))
        .collect()
}

/// The keys of the first JSON object printed at this indentation, in the order printed
/// (`serde_json::Value` sorts its keys).
pub fn printed_keys(json: &str, indent: usize) -> Vec<&str> {
    let key = format!("{}\"", " ".repeat(indent));
    let inside = " ".repeat(indent);
    json.lines()
        .skip_while(|l| !l.starts_with(&key))
        .take_while(|l| l.starts_with(&inside))
        .filter_map(|l| l.strip_prefix(&key))
        .filter_map(|l| l.split_once("\":").map(|(k, _)| k))
        .collect()
}

/// `brief` run from `dir`, without `BRIEF_PATH`.
pub fn brief_in(dir: &Path) -> Command {
    let mut cmd = brief();
    cmd.current_dir(dir);
    cmd
}

/// The process's transparent huge page policy as the kernel reports it (`THP_enabled` in
/// /proc/PID/status), or `None` where the kernel does not say.
#[cfg(target_os = "linux")]
pub fn thp_enabled(pid: u32) -> Option<bool> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("THP_enabled:"))?;
    Some(line.split_whitespace().nth(1)? == "1")
}
