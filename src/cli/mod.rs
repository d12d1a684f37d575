//! Command-line arguments and the non-interactive commands. No terminal UI here.

mod lookups;

pub(crate) use lookups::data_dir;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::model::{Corpus, Date, Entry, Origin, Severity};
use crate::report;
pub(crate) use crate::text::{one_line, plural};

const EXAMPLES: &str = "\
Examples:
  brief                          open the browser on BRIEF_PATH, else the config's paths,
                                 else ./briefings, else the bundled briefings
  brief ~/notes/briefings        open the browser on a folder
  brief list                     one line per briefing, newest first
  brief show 2023-11-14-azerbaijan-morocco-joint-commission
  brief check ~/notes/briefings  validate files like a compiler would";

/// Browse meeting briefings kept as YAML files: who met whom, when, where, what was discussed
/// and agreed.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Briefing files or folders to browse (default: BRIEF_PATH, else the config's paths, else
    /// ./briefings, else the bundled briefings)
    pub paths: Vec<PathBuf>,
    /// Do not capture the mouse (keeps the terminal's own text selection)
    #[arg(long)]
    pub no_mouse: bool,
    #[command(flatten)]
    pub cache: Cache,
}

/// The flag of the commands that read briefings.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Cache {
    /// Neither read nor write the cache of parsed briefings (see BRIEF_CACHE_DIR)
    #[arg(long)]
    pub no_cache: bool,
}

impl Command {
    /// `--no-cache` was given to this command (only those that read briefings take it).
    pub fn no_cache(&self) -> bool {
        let cache = match self {
            Command::List(a) => a.cache,
            Command::Show(a) => a.cache,
            Command::Search(a) => a.cache,
            Command::Check(a) => a.cache,
            Command::Who(a) => a.cache,
            Command::Index(a) => a.cache,
            Command::Timeline(a) => a.cache,
            Command::Export(a) => a.cache,
            Command::Serve(a) => a.cache,
            Command::New(_)
            | Command::Schema
            | Command::Config(_)
            | Command::Completions(_)
            | Command::Man => Cache::default(),
        };
        cache.no_cache
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One line per briefing, newest first: date, id, title, location
    #[command(after_help = "Examples:\n  brief list\n  brief list ~/briefings --format json")]
    List(ListArgs),
    /// One briefing in full, by id or file
    #[command(
        after_help = "Examples:\n  brief show 2023-11-14-azerbaijan-morocco-joint-commission\n  brief show briefings/2019-06-30-trump-kim-moon-panmunjom-meeting.yaml --format markdown\n  brief show 2019-06-30-trump-kim-moon-panmunjom-meeting --width 60"
    )]
    Show(ShowArgs),
    /// Find briefings with the query language (the same engine as `/` in the browser)
    #[command(after_help = SEARCH_HELP)]
    Search(SearchArgs),
    /// Validate briefing files: every problem with file, line and column
    #[command(
        after_help = "Examples:\n  brief check\n  brief check ~/briefings --format json\n\nExit status: 0 without errors, 1 with errors, 2 for usage or IO errors."
    )]
    Check(CheckArgs),
    /// A person's meetings, newest first, with their role and organization at each
    #[command(
        after_help = "Examples:\n  brief who bourita\n  brief who 'Jeyhun Bayramov' ~/briefings --format json\n  brief who -q paris ./paris    a person named Paris, in the folder paris\n\nThe name comes first, or with -q; every other argument is a file or folder.\nNames are compared without case and diacritics; a part of a name finds everyone it fits.\nExit status: 0 when found, 1 when not, 2 for usage or IO errors."
    )]
    Who(lookups::WhoArgs),
    /// People, organizations, countries, tags or kinds of outcome, with how many briefings name
    /// them
    #[command(
        after_help = "Examples:\n  brief index people\n  brief index countries -q azer\n  brief index tags ~/briefings ~/archive --format json\n\nThe query is given with -q; every other argument is a file or folder.\nExit status: 0 with entries, 1 without, 2 for usage or IO errors."
    )]
    Index(lookups::IndexArgs),
    /// Every briefing date and timeline event in date order, grouped by month
    #[command(
        after_help = "Examples:\n  brief timeline\n  brief timeline --from 2023-01-01 --to 2023-12-31\n  brief timeline -q 'who:bayramov' ~/briefings ~/archive\n\nThe query (the language of `brief search`) is given with -q; every other argument is a file\nor folder.\nExit status: 0 with entries, 1 without, 2 for a bad query, usage or IO errors."
    )]
    Timeline(lookups::TimelineArgs),
    /// The briefings matching a query, as JSON, Markdown or CSV
    #[command(
        after_help = "Examples:\n  brief export 'date:2023' --format csv > 2023.csv\n  brief export 'kind:agreement' --format csv --outcomes\n  brief export bourita ~/briefings --format markdown\n  brief export '' --format json    every briefing\n\nThe query comes first, or with -q; every other argument is a file or folder.\nExit status: 0 with results, 1 without, 2 for a bad query, usage or IO errors."
    )]
    Export(lookups::ExportArgs),
    /// Write a commented template briefing with today's date to a new file
    #[command(after_help = NEW_HELP)]
    New(lookups::NewArgs),
    /// Print the JSON Schema of the briefing format, for editors with a YAML language server
    #[command(
        after_help = "Examples:\n  brief schema > briefing.schema.json\n\nThen start a briefing with:\n  # yaml-language-server: $schema=briefing.schema.json"
    )]
    Schema,
    /// Serve the browser read-only over SSH: each client gets its own view
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Where the configuration file is read from, or a commented default one to start from
    #[command(after_help = CONFIG_HELP)]
    Config(ConfigArgs),
    /// Print the completion script for a shell
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), generated from these commands
    #[command(
        after_help = "Examples:\n  brief man | man -l -\n  brief man > ~/.local/share/man/man1/brief.1"
    )]
    Man,
}

const CONFIG_HELP: &str = "\
Examples:
  brief config --path
  mkdir -p ~/.config/brief && brief config --default > ~/.config/brief/config.toml

The file is BRIEF_CONFIG when set (empty: no file), else brief/config.toml in the configuration
folder ($XDG_CONFIG_HOME, else ~/.config, on Linux). A problem in it is reported with its line and
column, and that setting keeps its default: a broken config never keeps brief from starting.";

const COMPLETIONS_HELP: &str = "\
Examples:
  brief completions bash > ~/.local/share/bash-completion/completions/brief
  brief completions zsh > ~/.zfunc/_brief
  brief completions fish > ~/.config/fish/completions/brief.fish";

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ConfigArgs {
    /// Print the path of the configuration file
    #[arg(long)]
    pub path: bool,
    /// Print a commented configuration with every setting at its default (and the keys in force)
    #[arg(long)]
    pub default: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

const SERVE_HELP: &str = "\
Examples:
  brief serve --authorized-keys ~/.ssh/authorized_keys    then: ssh -p 2222 localhost
  brief serve ~/briefings --listen 0.0.0.0:2222 --open    anyone who can reach the port

Prints the address it listens on and the host key's fingerprint, then serves until Ctrl-c or
SIGTERM; one line per connection goes to standard error. Only public keys are accepted (any key
or none with --open); a terminal is required (ssh -t); commands, sftp and forwarding are refused.
The host key is generated once (ed25519, mode 0600) in brief's data folder unless --host-key.";

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Briefing files or folders to serve (as for the browser)
    pub paths: Vec<PathBuf>,
    /// The address and port to listen on (port 0: any free port)
    #[arg(long, default_value = "127.0.0.1:2222")]
    pub listen: String,
    /// Let in only the holders of the keys in this OpenSSH authorized_keys file
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// Let anyone in, with any key or none
    #[arg(long, conflicts_with = "authorized_keys")]
    pub open: bool,
    /// The host key file (created when missing; default: in brief's data folder)
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// At most this many sessions at once; more clients are turned away with a message
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub max_sessions: usize,
    /// At most this many connections at once from one address; more are turned away with a message
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_per_peer: usize,
    /// Close a session after this long without input (90s, 10m, 2h)
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = crate::serve::parse_duration)]
    pub idle_timeout: std::time::Duration,
    /// Close a session after this long in all
    #[arg(long, value_name = "DURATION", default_value = "8h", value_parser = crate::serve::parse_duration)]
    pub max_session_time: std::time::Duration,
    #[command(flatten)]
    pub cache: Cache,
}

const NEW_HELP: &str = "\
Examples:
  brief new
  brief new --dir ~/briefings

It never overwrites a file: the name gets a number when taken. The file's first line names the
JSON Schema (the one `brief schema` prints) for editors with a YAML language server: it is kept in
brief's data folder (BRIEF_DATA_DIR, else ~/.local/share/brief on Linux), written there when
missing or out of date. Nothing but the new file is written into the briefing folder.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Briefing files or folders
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    #[command(flatten)]
    pub cache: Cache,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The briefing's id or file
    pub briefing: String,
    /// Briefing files or folders to look in
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    /// Text: wrap lines to this many columns (default: the terminal's width; 80 when standard
    /// output is not a terminal)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(report::MIN_WIDTH as i64..))]
    pub width: Option<u16>,
    #[command(flatten)]
    pub cache: Cache,
}

/// The width `brief show` wraps its text to: `--width`, else the terminal's, else 80.
fn text_width(asked: Option<u16>) -> usize {
    if let Some(w) = asked {
        return usize::from(w);
    }
    if io::stdout().is_terminal()
        && let Ok((columns, _)) = crossterm::terminal::size()
        && columns > 0
    {
        return usize::from(columns);
    }
    80
}

const SEARCH_HELP: &str = "\
Query language:
  bourita energy                every word must match (fuzzy in short fields, word prefix
                                in long text)
  bayramov | bourita            either word
  'joint ^Trade talks$ ^exact$  exact substring, prefix, suffix, whole field (as in fzf)
  !nato !^draft                 must not match
  who:bourita country:morocco   a word in some fields only: who: org: country: where:
                                topic: outcome: kind: tag: source: title:
  date:2023 date:2023-11        a year, a month, a day; date:2023-01..2023-06,
                                date:>=2022-06-01 and date:<2020 for ranges
Smart case: a capital letter makes a word case-sensitive. Diacritics are ignored (jorg finds Jörg).

Examples:
  brief search bourita
  brief search 'who:bourita date:2023' ~/briefings --format json
  brief search 'kind:agreement country:azerbaijan date:2023' --limit 5
  brief search -q briefings ./briefings    the word `briefings`, in the folder briefings

The query comes first, or with -q; every other argument is a file or folder.

Exit status: 0 with results, 1 without, 2 for a bad query or IO error.";

#[derive(Debug, Args)]
#[command(
    override_usage = "brief search [OPTIONS] QUERY [PATH]...\n       brief search [OPTIONS] -q QUERY [PATH]..."
)]
pub struct SearchArgs {
    /// The query (quote it when it has several words; not here when -q gives it), then
    /// briefing files or folders
    #[arg(value_name = "QUERY] [PATH")]
    pub args: Vec<OsString>,
    /// The query, when it is not the first argument: then every argument is a file or folder
    #[arg(short, long, value_name = "QUERY")]
    pub query: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Show at most this many results
    #[arg(long)]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub cache: Cache,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Briefing files or folders
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    #[command(flatten)]
    pub cache: Cache,
}

/// How a command takes what it looks for (a query or a name) and the briefing files and folders
/// to look in, so that neither is ever taken for the other. A command that needs it (`search`,
/// `export`, `who`) takes it as the first argument, like `grep PATTERN [FILE]...`, or with `-q`;
/// a command for which it is optional (`index`, `timeline`) takes it only with `-q`. Every other
/// argument is a file or folder. A first argument that is (or looks like) a path, and an argument
/// that is neither a file nor a folder nor looks like a path, are refused with the command that
/// says what was meant.
pub(crate) struct Grammar {
    /// The command as typed after `brief`, e.g. `index people`.
    pub command: String,
    /// What it looks for: "query" or "name".
    pub what: &'static str,
    /// Whether it can go without one.
    pub optional: bool,
}

impl Grammar {
    /// A command that needs a query or name: first argument or `-q`.
    pub fn required(command: &str, what: &'static str) -> Grammar {
        Grammar {
            command: command.to_string(),
            what,
            optional: false,
        }
    }

    /// A command that can go without a query: only `-q`.
    pub fn optional(command: &str) -> Grammar {
        Grammar {
            command: command.to_string(),
            what: "query",
            optional: true,
        }
    }

    /// The query or name (empty when optional and not given) and the paths; or what to say.
    pub fn subject_and_paths(
        &self,
        option: Option<&String>,
        args: &[OsString],
    ) -> Result<(String, Vec<PathBuf>), String> {
        let args: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
        let (subject, paths) = match option {
            Some(q) => (q.clone(), args),
            None if self.optional => (String::new(), args),
            None => {
                let Some((first, rest)) = args.split_first() else {
                    return Err(format!(
                        "`brief {}` needs a {what}: brief {} {WHAT} [PATH]...",
                        self.command,
                        self.command,
                        what = self.what,
                        WHAT = self.what.to_uppercase()
                    ));
                };
                let Some(text) = first.to_str() else {
                    return Err(format!(
                        "the {} `{}` is not valid UTF-8",
                        self.what,
                        first.to_string_lossy()
                    ));
                };
                if looks_like_path(text) {
                    let path = quote(text);
                    return Err(format!(
                        "`{text}` is {}, not a {what}; write the {what} first to look in it \
                         (brief {cmd} {WHAT} {path}), or give it with -q to mean it as the {what} \
                         (brief {cmd} -q {path})",
                        if first.exists() {
                            "a file or folder"
                        } else {
                            "written as a path"
                        },
                        what = self.what,
                        WHAT = self.what.to_uppercase(),
                        cmd = self.command,
                    ));
                }
                (text.to_string(), rest.to_vec())
            }
        };
        for (i, path) in paths.iter().enumerate() {
            let others: Vec<String> = paths
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, p)| quote(&p.to_string_lossy()))
                .collect();
            self.check_path(path, option.is_some(), &subject, &others)?;
        }
        Ok((subject, paths))
    }

    /// Refuses an argument that is no file or folder and does not look like a path either: it
    /// was meant as (a part of) the query or name. The message gives the command that says it,
    /// with the `others` paths.
    fn check_path(
        &self,
        path: &std::path::Path,
        subject_given_as_option: bool,
        subject: &str,
        others: &[String],
    ) -> Result<(), String> {
        let text = path.to_string_lossy();
        // In a path's place, a name with a folder in it (`notes/2024`) is a path too: one that
        // cannot be read, which loading reports.
        if path.exists() || looks_like_path(&text) || text.contains(std::path::MAIN_SEPARATOR) {
            return Ok(());
        }
        let (how, meant) = if text.is_empty() {
            // `brief timeline '' DIR`, as an empty query was once written: no query is none.
            let subject = match (subject_given_as_option, self.optional) {
                (true, _) => format!("-q {}", quote(subject)),
                (false, true) => String::new(),
                (false, false) => quote(subject),
            };
            ("leave it out".to_string(), subject)
        } else if self.optional && !subject_given_as_option {
            (
                format!("to keep what matches a {}, give it with -q", self.what),
                format!("-q {}", quote(&text)),
            )
        } else {
            let words = quote(&format!("{subject} {text}"));
            (
                format!("a {} of several words goes in quotes", self.what),
                if subject_given_as_option {
                    format!("-q {words}")
                } else {
                    words
                },
            )
        };
        let mut command = format!("brief {}", self.command);
        for word in std::iter::once(&meant).chain(others) {
            if !word.is_empty() {
                command.push(' ');
                command.push_str(word);
            }
        }
        Err(format!("no file or folder `{text}`; {how}: {command}"))
    }
}

/// Whether an argument reads as a path: it names an existing file or folder, or it is written
/// as one (it starts with `/`, `./`, `../` or `~`, or ends with `/`, `.yaml` or `.yml`).
pub(crate) fn looks_like_path(text: &str) -> bool {
    !text.is_empty()
        && (std::path::Path::new(text).exists()
            || text.starts_with(['/', '~'])
            || text.starts_with("./")
            || text.starts_with("../")
            || text.ends_with('/')
            || text.ends_with(".yaml")
            || text.ends_with(".yml"))
}

/// `text` as one shell word, quoted when it needs to be.
pub(crate) fn quote(text: &str) -> String {
    shlex::try_quote(text).map_or_else(|_| format!("'{text}'"), |q| q.into_owned())
}

/// Exit statuses shared by the commands.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FOUND_PROBLEMS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Loads `origin`, with a progress bar on standard error when it takes over a second and
/// standard error is a terminal (nothing otherwise: pipes and logs stay clean).
fn load_with_progress_bar(origin: &Origin) -> Corpus {
    use std::io::IsTerminal;
    use std::sync::OnceLock;
    use std::time::{Duration, Instant};
    if !std::io::stderr().is_terminal() {
        return Corpus::load(origin);
    }
    let started = Instant::now();
    let bar: OnceLock<indicatif::ProgressBar> = OnceLock::new();
    let corpus = Corpus::load_with_progress(origin, &|done, total| {
        if started.elapsed() < Duration::from_secs(1) {
            return;
        }
        let bar = bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files read ({eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done as u64);
    });
    if let Some(bar) = bar.get() {
        bar.finish_and_clear();
    }
    corpus
}

/// What a one-shot command loads lives until the process exits, and is never freed: freeing
/// hundreds of thousands of small allocations just before exit took a fifth of a warm `brief
/// list` (measured with perf), and the system takes the memory back at once.
pub(crate) fn kept_to_the_end<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// Loads the briefings of `paths` (or the default origin) and says on standard error which
/// source is in use, which paths could not be read, and whether some files were kept out.
pub fn load(paths: &[PathBuf]) -> &'static Corpus {
    let corpus = load_with_progress_bar(&crate::config::origin(paths));
    for d in corpus.diagnostics.iter().filter(|d| d.io) {
        crate::say!("{d}");
    }
    let n = corpus.briefings.len();
    let errors = corpus.count(Severity::Error);
    if errors > 0 {
        crate::say!(
            "brief: {n} briefing{} from {}; {errors} problem{} kept some files out (see `brief check`)",
            plural(n),
            corpus.source,
            plural(errors)
        );
    } else {
        crate::say!("brief: {n} briefing{} from {}", plural(n), corpus.source);
    }
    kept_to_the_end(corpus)
}

/// Prints clap's message for a usage error, `--help` or `--version` through the sanitizer
/// (it echoes the arguments, which may be file names) and returns clap's exit status.
pub fn usage_error(e: &clap::Error) -> ExitCode {
    let text = e.render().to_string();
    if e.use_stderr() {
        crate::sanitize::eprint_line(text.trim_end());
    } else {
        let _ = write!(crate::sanitize::stdout(), "{text}");
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE))
}

/// Refuses paths for the browser that do not exist, so that a mistyped command (`brief lsit`)
/// gets a clear answer instead of an empty screen.
pub fn check_browse_paths(paths: &[PathBuf]) -> Result<(), String> {
    use clap::CommandFactory;
    let Some(missing) = paths.iter().find(|p| !p.exists()) else {
        return Ok(());
    };
    let text = missing.to_string_lossy();
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    if names.iter().any(|n| *n == text) {
        // `brief --no-cache list`: the options before a command are the browser's.
        return Err(format!(
            "`{text}` is a command: its options go after it (`brief {text} --no-cache`)"
        ));
    }
    Err(
        match crate::model::closest(&text, names.iter().map(String::as_str)) {
            Some(name) => format!("no command or file `{text}`; did you mean `brief {name}`?"),
            None => format!("no such file or folder: {text}"),
        },
    )
}

/// Runs a non-interactive command and returns the process exit status. `config` is the
/// configuration in force (`brief config` shows it).
pub fn run(command: Command, config: &crate::config::UserConfig) -> ExitCode {
    let result = match command {
        Command::Config(a) => show_config(&a, config),
        Command::Completions(a) => completions(a.shell),
        Command::Man => man(),
        Command::List(a) => list(&a),
        Command::Show(a) => show(&a),
        Command::Check(a) => check(&a),
        Command::Search(a) => search(&a),
        Command::Who(a) => lookups::who(&a),
        Command::Index(a) => lookups::index(&a),
        Command::Timeline(a) => lookups::timeline(&a),
        Command::Export(a) => lookups::export(&a),
        Command::New(a) => lookups::new(&a),
        Command::Schema => lookups::schema(),
        Command::Serve(a) => Ok(crate::serve::run(crate::serve::Options {
            paths: a.paths,
            listen: a.listen,
            authorized_keys: a.authorized_keys,
            open: a.open,
            host_key: a.host_key,
            max_sessions: a.max_sessions,
            max_per_peer: a.max_per_peer,
            idle_timeout: a.idle_timeout,
            max_session_time: a.max_session_time,
        })),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`brief list | head`) is not an error worth a message.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(e) => {
            crate::say!("brief: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// `brief config --path` or `--default`.
fn show_config(args: &ConfigArgs, config: &crate::config::UserConfig) -> io::Result<u8> {
    let mut out = crate::sanitize::stdout();
    if args.default {
        write!(
            out,
            "{}",
            crate::config::default_text(&config.config.keymap)
        )?;
        return Ok(EXIT_OK);
    }
    match &config.path {
        Some(path) => {
            writeln!(out, "{}", path.display())?;
            if !path.is_file() {
                crate::say!("brief: there is no file there yet: the defaults are in force");
            }
        }
        None => {
            crate::say!("brief: BRIEF_CONFIG is empty: no file is read, the defaults are in force")
        }
    }
    Ok(EXIT_OK)
}

/// The command line as it is parsed: `brief help --help` (and `-h`) asks for the help that
/// says what `brief help` does, which is brief's own.
pub fn args(args: impl Iterator<Item = OsString>) -> Vec<OsString> {
    let mut args: Vec<OsString> = args.collect();
    if args.len() == 3 && args[1] == "help" && (args[2] == "--help" || args[2] == "-h") {
        args.remove(1);
    }
    args
}

/// The clap definition of `brief`, as completions and the man page are generated from it.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command()
}

/// The completion script for `shell`.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "brief", &mut script);
    script
}

/// The man page, in roff: one page with a section for every command (there are no pages of
/// their own), the examples as they are written.
pub fn man_page() -> io::Result<Vec<u8>> {
    let brief = command();
    let man = clap_mangen::Man::new(brief.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    writeln!(page, ".SH EXAMPLES")?;
    preformatted(&mut page, EXAMPLES.trim_start_matches("Examples:\n"))?;
    writeln!(page, ".SH COMMANDS")?;
    for sub in brief.get_subcommands() {
        let name = format!("brief {}", sub.get_name());
        writeln!(page, ".SS \"{name}\"")?;
        let man = clap_mangen::Man::new(sub.clone().bin_name(name));
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        man.render_options_section(&mut part)?;
        // Its sections become paragraphs under the command's heading.
        for line in String::from_utf8_lossy(&part).lines() {
            match line.strip_prefix(".SH ") {
                Some(_) => writeln!(page, ".PP")?,
                None => writeln!(page, "{line}")?,
            }
        }
        if let Some(after) = sub.get_after_help() {
            writeln!(page, ".PP")?;
            preformatted(&mut page, &after.to_string())?;
        }
    }
    man.render_version_section(&mut page)?;
    // Each part defines the string for an apostrophe again: once, at the top, is enough.
    let text = String::from_utf8_lossy(&page).into_owned();
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.lines().enumerate() {
        if n < 2 || !line.contains(".ds Aq") {
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out.into_bytes())
}

/// `text` in a man page as it is written: its lines kept, not filled.
fn preformatted(page: &mut Vec<u8>, text: &str) -> io::Result<()> {
    writeln!(page, ".nf")?;
    for line in text.lines() {
        let line = line.replace('\\', "\\e").replace('-', "\\-");
        // A line starting with . or ' would be read as a request.
        let guard = if line.starts_with(['.', '\'']) {
            "\\&"
        } else {
            ""
        };
        writeln!(page, "{guard}{line}")?;
    }
    writeln!(page, ".fi")
}

fn completions(shell: clap_complete::Shell) -> io::Result<u8> {
    // Generated from our own definitions: nothing in it comes from a file.
    io::stdout().write_all(&completion_script(shell))?;
    Ok(EXIT_OK)
}

fn man() -> io::Result<u8> {
    io::stdout().write_all(&man_page()?)?;
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct ListRow<'a> {
    id: &'a str,
    file: &'a str,
    date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<Date>,
    title: &'a str,
    /// Left out when the briefing names no place, as `end_date` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<String>,
}

impl<'a> ListRow<'a> {
    fn of(e: &'a Entry) -> ListRow<'a> {
        ListRow {
            id: &e.id,
            file: &e.file,
            date: e.briefing.date,
            end_date: e.briefing.end_date,
            title: &e.briefing.title,
            location: Some(e.briefing.place()).filter(|p| !p.is_empty()),
        }
    }
}

/// The briefing list as aligned text: date, id, title, location, one line per briefing.
/// Made on every core: for a large corpus it is a good part of what `brief list` does.
pub fn list_text(entries: &[std::sync::Arc<Entry>]) -> String {
    use rayon::prelude::*;
    let id_width = entries
        .par_iter()
        .map(|e| e.id.chars().count())
        .max()
        .unwrap_or(0);
    entries
        .par_iter()
        .with_min_len(256)
        .fold(String::new, |mut text, e| {
            use std::fmt::Write as _;
            let b = &e.briefing;
            let place = b.place();
            let _ = write!(text, "{}  {:id_width$}  {}", b.date, e.id, b.title);
            if !place.is_empty() {
                let _ = write!(text, "  ({place})");
            }
            text.push('\n');
            text
        })
        .collect()
}

/// `brief list`; also what `brief` prints when standard output is not a terminal.
pub fn list(args: &ListArgs) -> io::Result<u8> {
    let corpus = load(&args.paths);
    let mut out = crate::sanitize::stdout();
    match args.format {
        ListFormat::Text => {
            out.write_all(list_text(&corpus.briefings).as_bytes())?;
        }
        ListFormat::Json => {
            let rows: Vec<ListRow> = corpus.briefings.iter().map(|e| ListRow::of(e)).collect();
            writeln!(out, "{}", to_json(&rows))?;
        }
    }
    Ok(if corpus.has_io_errors() {
        EXIT_USAGE
    } else {
        EXIT_OK
    })
}

fn show(args: &ShowArgs) -> io::Result<u8> {
    let mut paths = args.paths.clone();
    // `brief show some/file.yaml` reads that file even when no folder is named.
    let as_file = PathBuf::from(&args.briefing);
    if paths.is_empty() && as_file.is_file() {
        paths.push(as_file.clone());
    }
    let corpus = load(&paths);
    if corpus.has_io_errors() {
        return Ok(EXIT_USAGE);
    }
    let Some(entry) = corpus.find(&args.briefing) else {
        if let Some(d) = corpus.error_in(&args.briefing) {
            crate::say!("{d}");
            return Ok(EXIT_FOUND_PROBLEMS);
        }
        if as_file.is_dir() {
            crate::say!(
                "brief: `{}` is a folder, not a briefing; name a briefing in it: brief show ID {}",
                args.briefing,
                quote(&args.briefing)
            );
            return Ok(EXIT_USAGE);
        }
        let ids: Vec<&str> = corpus.briefings.iter().map(|e| e.id.as_str()).collect();
        let hint = match crate::model::closest(&args.briefing, ids.iter().copied()) {
            Some(s) => format!("; did you mean `{s}`?"),
            None => "; `brief list` shows the ids".to_string(),
        };
        crate::say!(
            "brief: no briefing `{}` in {}{hint}",
            args.briefing,
            corpus.source
        );
        return Ok(EXIT_FOUND_PROBLEMS);
    };
    let mut out = crate::sanitize::stdout();
    match args.format {
        ShowFormat::Text => write!(out, "{}", report::text(entry, text_width(args.width)))?,
        ShowFormat::Markdown => write!(out, "{}", report::markdown(entry))?,
        ShowFormat::Json => writeln!(out, "{}", to_json(entry))?,
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct CheckReport<'a> {
    source: &'a str,
    briefings: usize,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [crate::model::Diagnostic],
}

fn check(args: &CheckArgs) -> io::Result<u8> {
    let corpus = load_with_progress_bar(&crate::config::origin(&args.paths));
    let errors = corpus.count(Severity::Error);
    let warnings = corpus.count(Severity::Warning);
    let mut out = crate::sanitize::stdout();
    match args.format {
        ListFormat::Text => {
            writeln!(out, "checking {}", corpus.source)?;
            for d in &corpus.diagnostics {
                writeln!(out, "{d}")?;
            }
            writeln!(
                out,
                "{} briefing{}, {errors} error{}, {warnings} warning{}",
                corpus.briefings.len(),
                plural(corpus.briefings.len()),
                plural(errors),
                plural(warnings)
            )?;
        }
        ListFormat::Json => {
            let report = CheckReport {
                source: &corpus.source,
                briefings: corpus.briefings.len(),
                errors,
                warnings,
                diagnostics: &corpus.diagnostics,
            };
            writeln!(out, "{}", to_json(&report))?;
        }
    }
    Ok(if corpus.has_io_errors() {
        EXIT_USAGE
    } else if errors > 0 {
        EXIT_FOUND_PROBLEMS
    } else {
        EXIT_OK
    })
}

#[derive(Serialize)]
struct SearchField {
    field: &'static str,
    item: u16,
    text: String,
    /// Character positions of the matched letters in `text`.
    positions: Vec<usize>,
}

#[derive(Serialize)]
struct SearchResult<'a> {
    id: &'a str,
    file: &'a str,
    date: Date,
    title: &'a str,
    score: i64,
    fields: Vec<SearchField>,
}

fn search(args: &SearchArgs) -> io::Result<u8> {
    let (text, paths) = match Grammar::required("search", "query")
        .subject_and_paths(args.query.as_ref(), &args.args)
    {
        Ok(split) => split,
        Err(message) => {
            crate::say!("brief: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    let query = match crate::search::parse(&text) {
        Ok(q) => q,
        Err(e) => {
            crate::say!("brief: bad query `{text}`: {e}");
            return Ok(EXIT_USAGE);
        }
    };
    let corpus = load(&paths);
    if corpus.has_io_errors() {
        return Ok(EXIT_USAGE);
    }
    let index = kept_to_the_end(crate::search::SearchIndex::build(corpus));
    let hits = crate::search::search_all(index, corpus, &query);
    let shown = &hits[..hits.len().min(args.limit.unwrap_or(usize::MAX))];
    let mut out = crate::sanitize::stdout();
    match args.format {
        ListFormat::Text => {
            let emphasis = io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            for hit in shown {
                let e = &corpus.briefings[hit.doc];
                writeln!(out, "{}  {}  {}", e.briefing.date, e.id, e.briefing.title)?;
                if let Some(reason) = hit
                    .reason()
                    .filter(|r| r.field.kind != crate::search::FieldKind::Title)
                    && let Some(text) = crate::search::field_text(&e.briefing, reason.field)
                {
                    let best = reason.field;
                    // Positions are found in the text as shown (on one line), so the
                    // emphasis lands on the letters that matched.
                    let text = one_line(text);
                    let positions = crate::search::highlight(&query, best.kind, &text);
                    write!(out, "            {}: ", reason.label())?;
                    write_emphasized(&mut out, &text, &positions, emphasis)?;
                    writeln!(out)?;
                }
            }
        }
        ListFormat::Json => {
            let results: Vec<SearchResult> = shown
                .iter()
                .map(|hit| {
                    let e = &corpus.briefings[hit.doc];
                    let fields = crate::search::matched_fields(&query, &e.briefing)
                        .into_iter()
                        .map(|(r, text, positions)| SearchField {
                            field: r.kind.label(),
                            item: r.item,
                            text,
                            positions,
                        })
                        .collect();
                    SearchResult {
                        id: &e.id,
                        file: &e.file,
                        date: e.briefing.date,
                        title: &e.briefing.title,
                        score: hit.score,
                        fields,
                    }
                })
                .collect();
            writeln!(out, "{}", to_json(&results))?;
        }
    }
    Ok(if hits.is_empty() {
        EXIT_FOUND_PROBLEMS
    } else {
        EXIT_OK
    })
}

/// Writes `text` with the characters at `positions` in bold and underlined, when `on`. The
/// text passes the sanitizer; only the styling is written unfiltered.
pub(crate) fn write_emphasized<W: Write>(
    out: &mut crate::sanitize::SafeWriter<W>,
    text: &str,
    positions: &[usize],
    on: bool,
) -> io::Result<()> {
    use crossterm::style::{Attribute, SetAttribute};
    if !on || positions.is_empty() {
        return write!(out, "{text}");
    }
    let mut buf = [0u8; 4];
    for (i, c) in text.chars().enumerate() {
        let marked = positions.binary_search(&i).is_ok();
        if marked {
            out.write_trusted(&format!(
                "{}{}",
                SetAttribute(Attribute::Bold),
                SetAttribute(Attribute::Underlined)
            ))?;
        }
        out.write_all(c.encode_utf8(&mut buf).as_bytes())?;
        if marked {
            out.write_trusted(&SetAttribute(Attribute::Reset).to_string())?;
        }
    }
    Ok(())
}

pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serializing plain data to a string cannot fail; keep a readable fallback all the same.
    let json =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    crate::sanitize::json(&json).into_owned()
}
