//! Starts the terminal user interface.

use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(paths: &[PathBuf], _mouse: bool) -> ExitCode {
    let _ = paths;
    eprintln!("brief: the browser is not built yet; try `brief list`");
    ExitCode::from(2)
}
