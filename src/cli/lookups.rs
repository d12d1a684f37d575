//! Lookups across briefings: people, entities, the chronology, exports, and new files.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{EXIT_FOUND_PROBLEMS, EXIT_OK, EXIT_USAGE, Grammar, ListFormat, load, plural, to_json};
use crate::chronology::{chronology, month};
use crate::entities::{EntityIndex, EntityKind};
use crate::model::{Corpus, Date, Entry};
use crate::report;
use crate::search::{SearchIndex, parse, search_all};

#[derive(Debug, Args)]
#[command(
    override_usage = "brief who [OPTIONS] NAME [PATH]...\n       brief who [OPTIONS] -q NAME [PATH]..."
)]
pub struct WhoArgs {
    /// The person's name, or a part of it (quoted when it has several words; not here when -q
    /// gives it), then briefing files or folders
    #[arg(value_name = "NAME] [PATH")]
    pub args: Vec<OsString>,
    /// The name, when it is not the first argument: then every argument is a file or folder
    #[arg(short, long, value_name = "NAME")]
    pub query: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    #[command(flatten)]
    pub cache: super::Cache,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IndexKind {
    People,
    Orgs,
    Countries,
    Tags,
    Kinds,
}

impl IndexKind {
    fn entity_kind(self) -> EntityKind {
        match self {
            IndexKind::People => EntityKind::Person,
            IndexKind::Orgs => EntityKind::Organization,
            IndexKind::Countries => EntityKind::Country,
            IndexKind::Tags => EntityKind::Tag,
            IndexKind::Kinds => EntityKind::Kind,
        }
    }
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Which entities
    #[arg(value_enum)]
    pub kind: IndexKind,
    /// Briefing files or folders
    #[arg(value_name = "PATH")]
    pub paths: Vec<OsString>,
    /// Keep the entities whose name contains every word of this
    #[arg(short, long, value_name = "QUERY")]
    pub query: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    #[command(flatten)]
    pub cache: super::Cache,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Briefing files or folders
    #[arg(value_name = "PATH")]
    pub paths: Vec<OsString>,
    /// Only the briefings matching this query (the language of `brief search`)
    #[arg(short, long, value_name = "QUERY")]
    pub query: Option<String>,
    /// From this day on (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date)]
    pub from: Option<Date>,
    /// Up to this day (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date)]
    pub to: Option<Date>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    #[command(flatten)]
    pub cache: super::Cache,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Markdown,
    Csv,
}

#[derive(Debug, Args)]
#[command(
    override_usage = "brief export [OPTIONS] --format <FORMAT> QUERY [PATH]...\n       brief export [OPTIONS] --format <FORMAT> -q QUERY [PATH]..."
)]
pub struct ExportArgs {
    /// The briefings to export (the language of `brief search`; '' for all; not here when -q
    /// gives it), then briefing files or folders
    #[arg(value_name = "QUERY] [PATH")]
    pub args: Vec<OsString>,
    /// The query, when it is not the first argument: then every argument is a file or folder
    #[arg(short, long, value_name = "QUERY")]
    pub query: Option<String>,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// CSV: one row per outcome instead of one per briefing
    #[arg(long)]
    pub outcomes: bool,
    /// CSV: write cells that start with = + - @ as they are. By default they get a leading '
    /// so that a spreadsheet shows them as text instead of running them as formulas
    #[arg(long)]
    pub raw_csv: bool,
    #[command(flatten)]
    pub cache: super::Cache,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to write into (default: ./briefings if it exists, else the current folder)
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// The corpus for a lookup, or the exit status when its paths could not be read.
fn corpus_for(paths: &[PathBuf]) -> Result<&'static Corpus, u8> {
    let corpus = load(paths);
    if corpus.has_io_errors() {
        Err(EXIT_USAGE)
    } else {
        Ok(corpus)
    }
}

/// The briefings matching `query` (all for an empty one), best first; or the exit status.
fn matching(corpus: &Corpus, query: &str) -> Result<Vec<usize>, u8> {
    let parsed = parse(query).map_err(|e| {
        crate::say!("brief: bad query `{query}`: {e}");
        EXIT_USAGE
    })?;
    if parsed.is_empty() {
        return Ok((0..corpus.briefings.len()).collect());
    }
    let index = super::kept_to_the_end(SearchIndex::build(corpus));
    Ok(search_all(index, corpus, &parsed)
        .into_iter()
        .map(|h| h.doc)
        .collect())
}

#[derive(Serialize)]
struct Meeting<'a> {
    id: &'a str,
    date: Date,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<&'a str>,
}

#[derive(Serialize)]
struct Person<'a> {
    name: &'a str,
    meetings: Vec<Meeting<'a>>,
}

/// The query or name and the paths of a command, or the exit status after saying what was wrong.
fn split(
    grammar: &Grammar,
    option: Option<&String>,
    args: &[OsString],
) -> Result<(String, Vec<PathBuf>), u8> {
    grammar.subject_and_paths(option, args).map_err(|message| {
        crate::say!("brief: {message}");
        EXIT_USAGE
    })
}

pub fn who(args: &WhoArgs) -> io::Result<u8> {
    let (name, paths) = match split(
        &Grammar::required("who", "name"),
        args.query.as_ref(),
        &args.args,
    ) {
        Ok(split) => split,
        Err(code) => return Ok(code),
    };
    let corpus = match corpus_for(&paths) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let entities = super::kept_to_the_end(EntityIndex::build(corpus));
    let people: Vec<_> = match entities.find(EntityKind::Person, &name) {
        Some(exact) => vec![exact],
        None => entities.matching(EntityKind::Person, &name),
    };
    let found: Vec<Person> = people
        .iter()
        .map(|p| Person {
            name: &p.name,
            meetings: p
                .appearances
                .iter()
                .map(|a| {
                    let e = &corpus.briefings[a.briefing()];
                    Meeting {
                        id: &e.id,
                        date: e.briefing.date,
                        title: &e.briefing.title,
                        role: a.role(corpus),
                        organization: a.organization(corpus),
                    }
                })
                .collect(),
        })
        .collect();
    let mut out = crate::sanitize::stdout();
    match args.format {
        ListFormat::Json => writeln!(out, "{}", to_json(&found))?,
        ListFormat::Text => {
            for (i, p) in found.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(
                    out,
                    "{} — {} meeting{}",
                    p.name,
                    p.meetings.len(),
                    plural(p.meetings.len())
                )?;
                for m in &p.meetings {
                    writeln!(out, "  {}  {}  {}", m.date, m.id, m.title)?;
                    let at: Vec<&str> = [m.role, m.organization].into_iter().flatten().collect();
                    if !at.is_empty() {
                        writeln!(out, "              {}", super::one_line(&at.join(", ")))?;
                    }
                }
            }
        }
    }
    if found.is_empty() {
        crate::say!("brief: nobody named `{name}`; `brief index people` lists everyone");
        return Ok(EXIT_FOUND_PROBLEMS);
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct IndexRow<'a> {
    name: &'a str,
    count: usize,
    briefings: Vec<&'a str>,
}

pub fn index(args: &IndexArgs) -> io::Result<u8> {
    let kind = args
        .kind
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string());
    let (query, paths) = match split(
        &Grammar::optional(&format!("index {kind}")),
        args.query.as_ref(),
        &args.paths,
    ) {
        Ok(split) => split,
        Err(code) => return Ok(code),
    };
    let corpus = match corpus_for(&paths) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let entities = super::kept_to_the_end(EntityIndex::build(corpus));
    let kind = args.kind.entity_kind();
    let rows: Vec<IndexRow> = entities
        .matching(kind, &query)
        .into_iter()
        .map(|e| IndexRow {
            name: &e.name,
            count: e.count(),
            briefings: e
                .appearances
                .iter()
                .map(|a| corpus.briefings[a.briefing()].id.as_str())
                .collect(),
        })
        .collect();
    let mut out = crate::sanitize::stdout();
    match args.format {
        ListFormat::Json => writeln!(out, "{}", to_json(&rows))?,
        ListFormat::Text => {
            let width = rows
                .iter()
                .map(|r| r.count.to_string().len())
                .max()
                .unwrap_or(1);
            for r in &rows {
                writeln!(out, "{:>width$}  {}", r.count, r.name)?;
            }
        }
    }
    if rows.is_empty() {
        if query.is_empty() {
            crate::say!("brief: no {} in these briefings", kind.label());
        } else {
            crate::say!("brief: no {} matches `{query}`", kind.label());
        }
        return Ok(EXIT_FOUND_PROBLEMS);
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct ChronoRow<'a> {
    #[serde(flatten)]
    entry: &'a crate::chronology::ChronoEntry,
    id: &'a str,
}

pub fn timeline(args: &TimelineArgs) -> io::Result<u8> {
    let (query, paths) = match split(
        &Grammar::optional("timeline"),
        args.query.as_ref(),
        &args.paths,
    ) {
        Ok(split) => split,
        Err(code) => return Ok(code),
    };
    let corpus = match corpus_for(&paths) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let chosen = match matching(corpus, &query) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let entries: Vec<_> = chronology(corpus, chosen)
        .into_iter()
        .filter(|e| {
            args.from.is_none_or(|f| e.date >= f.0) && args.to.is_none_or(|t| e.date <= t.0)
        })
        .collect();
    let mut out = crate::sanitize::stdout();
    match args.format {
        ListFormat::Json => {
            let rows: Vec<ChronoRow> = entries
                .iter()
                .map(|e| ChronoRow {
                    entry: e,
                    id: &corpus.briefings[e.briefing].id,
                })
                .collect();
            writeln!(out, "{}", to_json(&rows))?;
        }
        ListFormat::Text => {
            let mut current = String::new();
            for e in &entries {
                let m = month(e.date);
                if m != current {
                    writeln!(out, "{m}")?;
                    current = m;
                }
                let time = e
                    .time
                    .map_or("     ".to_string(), |t| t.format("%H:%M").to_string());
                let id = &corpus.briefings[e.briefing].id;
                match e.event {
                    None => writeln!(out, "  {} {time}  ■ {}  [{id}]", e.date, e.text)?,
                    Some(_) => match &e.label {
                        Some(label) => {
                            writeln!(out, "  {} {time}    {label}: {}  [{id}]", e.date, e.text)?
                        }
                        None => writeln!(out, "  {} {time}    {}  [{id}]", e.date, e.text)?,
                    },
                }
            }
        }
    }
    Ok(if entries.is_empty() {
        EXIT_FOUND_PROBLEMS
    } else {
        EXIT_OK
    })
}

pub fn export(args: &ExportArgs) -> io::Result<u8> {
    let (query, paths) = match split(
        &Grammar::required("export", "query"),
        args.query.as_ref(),
        &args.args,
    ) {
        Ok(split) => split,
        Err(code) => return Ok(code),
    };
    let corpus = match corpus_for(&paths) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let chosen = match matching(corpus, &query) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let entries: Vec<&Entry> = chosen.iter().map(|&i| &*corpus.briefings[i]).collect();
    let mut out = crate::sanitize::stdout();
    match args.format {
        ExportFormat::Json => writeln!(out, "{}", to_json(&entries))?,
        ExportFormat::Markdown => {
            for (i, e) in entries.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "\n---\n")?;
                }
                write!(out, "{}", report::markdown(e))?;
            }
        }
        ExportFormat::Csv => write_csv(&mut out, &entries, args.outcomes, args.raw_csv)?,
    }
    Ok(if entries.is_empty() {
        EXIT_FOUND_PROBLEMS
    } else {
        EXIT_OK
    })
}

/// CSV rows; every cell that is not `raw` is guarded against running as a formula.
fn write_csv(
    out: &mut impl Write,
    entries: &[&Entry],
    outcomes: bool,
    raw: bool,
) -> io::Result<()> {
    let mut w = CsvOut {
        w: csv::Writer::from_writer(out),
        raw,
    };
    let opt = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    if outcomes {
        w.write_record([
            "id", "date", "title", "kind", "outcome", "status", "due", "parties",
        ])?;
        for e in entries {
            let b = &e.briefing;
            for o in &b.outcomes {
                w.write_record([
                    e.id.as_str(),
                    &b.date.to_string(),
                    &b.title,
                    o.kind.map_or("", |k| k.as_str()),
                    &super::one_line(&o.summary),
                    o.status.as_deref().unwrap_or(""),
                    &opt(o.due),
                    &o.parties.join("; "),
                ])?;
            }
        }
    } else {
        w.write_record([
            "id",
            "date",
            "end_date",
            "title",
            "location",
            "participants",
            "tags",
            "outcomes",
            "summary",
            "sources",
            "file",
        ])?;
        for e in entries {
            let b = &e.briefing;
            let participants: Vec<&str> = b.participants.iter().map(|p| p.name.as_str()).collect();
            let sources: Vec<String> = b.sources.iter().map(|s| s.display()).collect();
            w.write_record([
                e.id.as_str(),
                &b.date.to_string(),
                &opt(b.end_date),
                &b.title,
                &b.place(),
                &participants.join("; "),
                &b.tags.join("; "),
                &b.outcomes.len().to_string(),
                &super::one_line(b.summary.as_deref().unwrap_or("")),
                &sources.join("; "),
                &e.file,
            ])?;
        }
    }
    w.flush()
}

/// A CSV writer whose cells pass [`crate::sanitize::csv_cell`] unless raw output was asked for.
struct CsvOut<W: Write> {
    w: csv::Writer<W>,
    raw: bool,
}

impl<W: Write> CsvOut<W> {
    fn write_record<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> io::Result<()> {
        let raw = self.raw;
        self.w
            .write_record(
                cells
                    .into_iter()
                    .map(|c| {
                        if raw {
                            std::borrow::Cow::Borrowed(c)
                        } else {
                            crate::sanitize::csv_cell(c)
                        }
                    })
                    .map(|c| c.into_owned()),
            )
            .map_err(io::Error::other)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

const TEMPLATE: &str = include_str!("../../assets/template.yaml");

/// The file name of the schema in the program's data folder.
const SCHEMA_FILE: &str = "briefing.schema.json";

/// `brief schema`: the JSON Schema of the format, as the types generate it.
pub fn schema() -> io::Result<u8> {
    write!(crate::sanitize::stdout(), "{}", crate::model::schema_json())?;
    Ok(EXIT_OK)
}

/// The program's data folder: `BRIEF_DATA_DIR`, else the user's data folder's `brief`
/// (`~/.local/share/brief` on Linux), as an absolute path.
pub(crate) fn data_dir() -> io::Result<PathBuf> {
    let dir = match std::env::var_os("BRIEF_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => dirs::data_dir()
            .ok_or_else(|| io::Error::other("no data folder is known for this user"))?
            .join("brief"),
    };
    std::path::absolute(dir)
}

/// Writes the schema into the data folder when it is missing or differs from this program's,
/// atomically (a temporary file in the same folder renamed over it), and returns its path; or
/// says what could not be written.
fn install_schema() -> Result<PathBuf, String> {
    let dir = data_dir().map_err(|e| format!("cannot find the data folder: {e}"))?;
    let path = dir.join(SCHEMA_FILE);
    let schema = crate::model::schema_json();
    if std::fs::read(&path).is_ok_and(|old| old == schema.as_bytes()) {
        return Ok(path);
    }
    let write = || -> io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        let mut temp = tempfile::NamedTempFile::new_in(&dir)?;
        temp.write_all(schema.as_bytes())?;
        // Readable by all, as a file made without a temporary one would be.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            temp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        temp.as_file().sync_all()?;
        temp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    };
    write().map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// The `$schema=` value for a YAML language server: the absolute path, or a `file://` address
/// when the path holds characters the comment cannot (the server reads up to the first space;
/// `#` starts a fragment).
fn schema_reference(path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    if !text.contains(|c: char| c.is_whitespace() || c == '#' || c == '%') && text.starts_with('/')
    {
        return text.into_owned();
    }
    // Everything but the unreserved characters and the separators is escaped.
    const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let slashed = text.replace('\\', "/");
    let rooted = if slashed.starts_with('/') {
        slashed
    } else {
        format!("/{slashed}")
    };
    format!(
        "file://{}",
        percent_encoding::utf8_percent_encode(&rooted, ESCAPED)
    )
}

/// Lines with a comment after their content (`key: value  # comment`, also inside a commented
/// out line) get their comments in one column, two spaces after the longest such content.
fn align_comments(text: &str) -> String {
    // The byte where a line's trailing comment starts, if it has one.
    let comment_at = |line: &str| -> Option<usize> {
        let body = line.trim_start();
        let skip = line.len() - body.len() + usize::from(body.starts_with('#'));
        line[skip..].find(" #").map(|i| skip + i + 1)
    };
    let width = |s: &str| s.trim_end().chars().count();
    let column = text
        .lines()
        .filter_map(|l| comment_at(l).map(|at| width(&l[..at])))
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.lines() {
        match comment_at(line) {
            Some(at) => {
                let content = line[..at].trim_end();
                let pad = column - width(content);
                out.push_str(content);
                out.push_str(&" ".repeat(pad));
                out.push_str(&line[at..]);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The template with today's date and the schema's reference (none when it could not be
/// written, which is said on standard error).
fn template(today: &str) -> String {
    let modeline = match install_schema() {
        Ok(path) => format!(
            "# yaml-language-server: $schema={}\n",
            schema_reference(&path)
        ),
        Err(e) => {
            crate::say!("brief: {e}; the new briefing names no schema (`brief schema` prints it)");
            String::new()
        }
    };
    format!(
        "{modeline}{}",
        align_comments(&TEMPLATE.replace("{date}", today))
    )
}

pub fn new(args: &NewArgs) -> io::Result<u8> {
    let dir = args.dir.clone().unwrap_or_else(|| {
        let local = PathBuf::from("briefings");
        if local.is_dir() {
            local
        } else {
            PathBuf::from(".")
        }
    });
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let text = template(&today);
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{today}-new-briefing.yaml")
        } else {
            format!("{today}-new-briefing-{n}.yaml")
        };
        let path = dir.join(name);
        // `create_new` refuses an existing file atomically: nothing is ever overwritten.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                // A full disk fails the write (or only the flush): remove what was made, so
                // no empty or partial briefing is left behind, and say which file it was.
                if let Err(e) = f.write_all(text.as_bytes()).and_then(|()| f.sync_all()) {
                    drop(f);
                    let removed = std::fs::remove_file(&path).is_ok();
                    crate::say!(
                        "brief: cannot write {}: {e}{}",
                        path.display(),
                        if removed {
                            "; the file was removed again"
                        } else {
                            "; remove the partial file"
                        }
                    );
                    return Ok(EXIT_USAGE);
                }
                writeln!(crate::sanitize::stdout(), "{}", path.display())?;
                return Ok(EXIT_OK);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                crate::say!("brief: cannot write {}: {e}", path.display());
                return Ok(EXIT_USAGE);
            }
        }
    }
    crate::say!("brief: too many new briefings today in {}", dir.display());
    Ok(EXIT_USAGE)
}
