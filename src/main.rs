use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use brief::cli::{self, Cli, Command, ListArgs, ListFormat};

fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(cli::args(std::env::args_os())) {
        Ok(cli) => cli,
        Err(e) => return cli::usage_error(&e),
    };
    // A broken config is reported and its defaults used: it never stops brief from starting.
    let config = brief::config::load();
    let no_cache = cli.cache.no_cache || cli.command.as_ref().is_some_and(Command::no_cache);
    if no_cache || !config.config.cache {
        brief::model::cache::disable();
    }
    brief::config::set_default_paths(config.config.paths.clone());
    if let Err(e) = cli::check_browse_paths(&cli.paths) {
        brief::say!("brief: {e}");
        return ExitCode::from(cli::EXIT_USAGE);
    }
    let browse = cli.command.is_none() && std::io::stdout().is_terminal();
    if !browse {
        for problem in &config.problems {
            brief::say!("{problem}");
        }
    }
    // A browser or a server stays open: it keeps less memory at some cost in loading time.
    if browse || matches!(cli.command, Some(Command::Serve(_))) {
        brief::memory::favour_small_footprint();
    }
    match cli.command {
        Some(command) => cli::run(command, &config),
        None if !browse => cli::run(
            Command::List(ListArgs {
                paths: cli.paths,
                format: ListFormat::Text,
                cache: cli.cache,
            }),
            &config,
        ),
        None => brief::tui::run(&cli.paths, !cli.no_mouse, config),
    }
}

// Loading allocates many small strings on every core; mimalloc does that faster than the
// system allocator (measured by benches/startup.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
