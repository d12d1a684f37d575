use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use brief::cli::{self, Cli, Command, ListArgs, ListFormat};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return cli::usage_error(&e),
    };
    if cli.no_cache {
        brief::model::cache::disable();
    }
    if let Err(e) = cli::check_browse_paths(&cli.paths) {
        brief::say!("brief: {e}");
        return ExitCode::from(cli::EXIT_USAGE);
    }
    match cli.command {
        Some(command) => cli::run(command),
        None if !std::io::stdout().is_terminal() => cli::run(Command::List(ListArgs {
            paths: cli.paths,
            format: ListFormat::Text,
        })),
        None => brief::tui::run(&cli.paths, !cli.no_mouse),
    }
}

// Loading allocates many small strings on every core; mimalloc does that faster than the
// system allocator (measured by benches/startup.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
