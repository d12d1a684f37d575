//! Loading briefings from files, folders, `BRIEF_PATH` or the corpus compiled into the binary.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};

use super::cache::{Cache, Fresh, Stamp, Status};
use super::diagnostic::{Diagnostic, Severity};
use super::types::{Briefing, Date};
use super::validate::validate;
use super::yaml::{self, Pos};

/// The files read before the first corpus is handed on by [`Corpus::load_in_batches`].
const FIRST_BATCH: usize = 1_000;

/// Files larger than this are refused unread: a briefing is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/briefings");

/// Where briefings are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Files and folders named on the command line.
    Paths(Vec<PathBuf>),
    /// The folders in `BRIEF_PATH`.
    EnvPath(Vec<PathBuf>),
    /// `./briefings` in the working directory.
    LocalFolder(PathBuf),
    /// The corpus compiled into the binary.
    Bundled,
}

impl Origin {
    /// Paths given win; else `BRIEF_PATH`; else `./briefings` if it exists; else the bundled corpus.
    pub fn resolve(paths: &[PathBuf]) -> Origin {
        Origin::resolve_with(
            paths,
            std::env::var_os("BRIEF_PATH"),
            Path::new("briefings"),
        )
    }

    pub fn resolve_with(paths: &[PathBuf], env: Option<OsString>, local: &Path) -> Origin {
        if !paths.is_empty() {
            return Origin::Paths(paths.to_vec());
        }
        if let Some(env) = env.filter(|v| !v.is_empty()) {
            let dirs: Vec<PathBuf> = std::env::split_paths(&env)
                .filter(|p| !p.as_os_str().is_empty())
                .collect();
            if !dirs.is_empty() {
                return Origin::EnvPath(dirs);
            }
        }
        if local.is_dir() {
            return Origin::LocalFolder(local.to_path_buf());
        }
        Origin::Bundled
    }
}

impl Origin {
    /// The files and folders briefings are read from, as given; none for the bundled ones.
    pub fn paths(&self) -> Vec<PathBuf> {
        match self {
            Origin::Paths(ps) | Origin::EnvPath(ps) => ps.clone(),
            Origin::LocalFolder(p) => vec![p.clone()],
            Origin::Bundled => Vec::new(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |ps: &[PathBuf]| {
            ps.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Origin::Paths(ps) => write!(f, "{}", list(ps)),
            Origin::EnvPath(ps) => write!(f, "BRIEF_PATH ({})", list(ps)),
            Origin::LocalFolder(p) if p.is_relative() => write!(f, "./{}", p.display()),
            Origin::LocalFolder(p) => write!(f, "{}", p.display()),
            Origin::Bundled => f.write_str("bundled briefings"),
        }
    }
}

/// Why a file's content could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// It could not be read: the message says why.
    Unreadable(String),
    /// It is larger than [`MAX_FILE_BYTES`] (its size in bytes): refused unread.
    TooLarge(u64),
}

/// One loaded briefing with the id it is known by and the file it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub file: String,
    /// The file is broken now; this is its last good version, kept on screen by a reload.
    #[serde(skip)]
    pub stale: bool,
    #[serde(flatten)]
    pub briefing: Briefing,
}

/// Everything loaded from one origin: the good briefings, newest first, and every problem.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub source: String,
    /// Shared, so that a reload that changes one file copies no other briefing.
    pub briefings: Vec<Arc<Entry>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Corpus {
    pub fn load(origin: &Origin) -> Corpus {
        Corpus::load_with_progress(origin, &|_, _| {})
    }

    /// [`Corpus::load`], calling `progress(files done, files in all)` as files are read (from
    /// any thread). Files are read, hashed and parsed on every core; a file whose content is
    /// unchanged since the last run is taken from the cache instead of parsed.
    pub fn load_with_progress(origin: &Origin, progress: &(dyn Fn(usize, usize) + Sync)) -> Corpus {
        Corpus::load_files(origin, progress, None)
    }

    /// [`Corpus::load_with_progress`], handing `arrived` the corpus of the files read so far
    /// as the load goes (after batches that double in size, so that all of them together cost
    /// about as much as the whole once): a browser shows the list filling in.
    pub fn load_in_batches(
        origin: &Origin,
        progress: &(dyn Fn(usize, usize) + Sync),
        arrived: &mut dyn FnMut(Corpus),
    ) -> Corpus {
        Corpus::load_files(origin, progress, Some(arrived))
    }

    /// The load itself. Without `arrived`, every file is read in one parallel pass: no corpus
    /// is put together before the end, and no core waits for a batch to be assembled.
    fn load_files(
        origin: &Origin,
        progress: &(dyn Fn(usize, usize) + Sync),
        mut arrived: Option<&mut dyn FnMut(Corpus)>,
    ) -> Corpus {
        use rayon::prelude::*;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let roots: &[PathBuf] = match origin {
            Origin::Paths(ps) | Origin::EnvPath(ps) => ps,
            Origin::LocalFolder(p) => std::slice::from_ref(p),
            Origin::Bundled => {
                let mut corpus = Corpus::from_sources(bundled_sources());
                corpus.source = origin.to_string();
                return corpus;
            }
        };
        let mut files = Vec::new();
        let mut diagnostics = Vec::new();
        // The folders are walked while the cache is read: neither needs the other.
        let (cache, ()) = rayon::join(
            || Cache::open(&format!("{origin:?}")),
            || {
                let mut seen = std::collections::HashSet::new();
                for p in roots {
                    let only = roots.len() == 1;
                    collect_files(p, only, &mut files, &mut diagnostics, &mut seen);
                }
            },
        );
        let total = files.len();
        let done = AtomicUsize::new(0);
        type Read = (Prepared, Option<Fresh>);
        let read_one = |p: PathBuf| -> Read {
            let label = p
                .to_str()
                .map_or_else(|| p.display().to_string(), str::to_string);
            // A file the cache knows from its status alone is not read.
            let unread = cache.as_ref().filter(|c| c.knows(&label)).and_then(|c| {
                let meta = std::fs::metadata(&p).ok().filter(|m| m.is_file())?;
                c.get_unread(&label, &Status::of(&meta))
            });
            if let Some((parsed, stamp)) = unread {
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                let fresh = Fresh {
                    file: label.clone(),
                    stamp,
                    new: None,
                };
                return (Prepared::new(label, Ok(parsed)), Some(fresh));
            }
            let result = read_limited(&p).map(|(bytes, meta)| {
                let stamp = Stamp::of(&bytes, &meta);
                let fresh = |new| Fresh {
                    file: label.clone(),
                    stamp,
                    new,
                };
                // A hit is written back as it was read; a miss is parsed, encoded and put aside.
                match cache.as_ref().and_then(|c| c.get(&label, &stamp)) {
                    Some(parsed) => (parsed, Some(fresh(None))),
                    None => {
                        let parsed = parse_file(&label, &bytes);
                        let new = cache.as_ref().and_then(|c| c.put_aside(&parsed));
                        (parsed, new.map(|place| fresh(Some(place))))
                    }
                }
            });
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            let (parsed, fresh) = match result {
                Ok((parsed, fresh)) => (Ok(parsed), fresh),
                Err(e) => (Err(e), None),
            };
            (Prepared::new(label, parsed), fresh)
        };
        // A file parsed without positions is read again only if its id turns out to be taken.
        let locate_id = |file: &str| {
            read_limited(Path::new(file)).map_or(Pos::START, |(bytes, _)| id_position(&bytes))
        };
        let mut entries = Vec::new();
        let mut assembler = Assembler::default();
        let mut files = files.into_iter();
        let mut batch = if arrived.is_some() {
            FIRST_BATCH
        } else {
            usize::MAX
        };
        loop {
            let chunk: Vec<PathBuf> = files.by_ref().take(batch).collect();
            let last = files.len() == 0;
            let (prepared, fresh): (Vec<Prepared>, Vec<Option<Fresh>>) =
                chunk.into_par_iter().map(read_one).unzip();
            entries.extend(fresh.into_iter().flatten());
            assembler.add(prepared, &locate_id);
            let Some(arrived) = arrived.as_mut().filter(|_| !last) else {
                break;
            };
            let mut so_far = assembler.snapshot();
            so_far.diagnostics.splice(0..0, diagnostics.iter().cloned());
            so_far.source = origin.to_string();
            arrived(so_far);
            batch = batch.saturating_mul(2);
        }
        if let Some(cache) = cache {
            // Written only when something changed (or was too recent to be trusted from its
            // status next time): a warm load writes nothing.
            let unchanged = entries.len() == cache.len()
                && entries
                    .par_iter()
                    .all(|f| f.new.is_none() && cache.holds(&f.file, &f.stamp));
            if unchanged {
                // The cache's index and the table of entries are let go on another thread:
                // freeing a hundred thousand names is no part of a load.
                let _ = std::thread::Builder::new()
                    .name("let go".into())
                    .spawn(move || drop((cache, entries)));
            } else {
                cache.store(entries);
            }
        }
        let mut corpus = assembler.finish();
        diagnostics.append(&mut corpus.diagnostics);
        corpus.diagnostics = diagnostics;
        corpus.source = origin.to_string();
        corpus
    }

    /// Builds a corpus from (file label, content) pairs: parses, validates, assigns ids,
    /// refuses duplicate ids and sorts newest first.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, Result<Vec<u8>, SourceError>)>,
    ) -> Corpus {
        use rayon::prelude::*;
        // Files are parsed in parallel; ids and order are settled after, in file order.
        let sources: Vec<(String, Result<Vec<u8>, SourceError>)> = sources.into_iter().collect();
        let parsed: Vec<Prepared> = sources
            .par_iter()
            .map(|(file, content)| {
                let parsed = content.as_ref().map(|bytes| parse_file(file, bytes));
                Prepared::new(file.clone(), parsed.map_err(Clone::clone))
            })
            .collect();
        Corpus::assemble(parsed, &|file| {
            sources
                .iter()
                .find(|(f, _)| f == file)
                .and_then(|(_, content)| content.as_ref().ok())
                .map_or(Pos::START, |bytes| id_position(bytes))
        })
    }

    /// The corpus of files parsed (in file order): ids given, duplicates refused, newest first.
    /// `locate_id` finds the `id` of a file parsed without positions, when a duplicate needs it.
    fn assemble(parsed: Vec<Prepared>, locate_id: &dyn Fn(&str) -> Pos) -> Corpus {
        let mut assembler = Assembler::default();
        assembler.add(parsed, locate_id);
        assembler.finish()
    }

    /// Loads `origin` again after files changed. A file that is broken now but loaded before
    /// keeps its last good version, marked stale, beside its diagnostic: nothing is lost while
    /// a file is being edited.
    pub fn reload(&self, origin: &Origin) -> Corpus {
        self.reload_with_progress(origin, &|_, _| {})
    }

    /// [`Corpus::reload`], saying how far it is as [`Corpus::load_with_progress`] does.
    pub fn reload_with_progress(
        &self,
        origin: &Origin,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Corpus {
        let mut fresh = Corpus::load_with_progress(origin, progress);
        let broken: Vec<&str> = fresh
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.file.as_str())
            .collect();
        let kept: Vec<Arc<Entry>> = self
            .briefings
            .iter()
            .filter(|e| broken.contains(&e.file.as_str()))
            .filter(|e| {
                !fresh
                    .briefings
                    .iter()
                    .any(|f| f.id == e.id || f.file == e.file)
            })
            .map(|e| {
                Arc::new(Entry {
                    stale: true,
                    ..(**e).clone()
                })
            })
            .collect();
        if !kept.is_empty() {
            fresh.briefings.extend(kept);
            sort_newest_first(&mut fresh.briefings);
        }
        fresh
    }

    /// The corpus after the files at `paths` (absolute, as a watcher reports them) changed,
    /// reading only those files: what [`Corpus::reload`] would give, without walking the
    /// folders or reading any other file. `None` when only a full reload can tell: a path that
    /// is not a briefing file under the origin as named (a folder, a file reached through a
    /// link), or an `id` that another file holds or held.
    pub fn patch(&self, origin: &Origin, paths: &[PathBuf]) -> Option<Corpus> {
        let targets: &[PathBuf] = match origin {
            Origin::Paths(ps) | Origin::EnvPath(ps) => ps,
            Origin::LocalFolder(p) => std::slice::from_ref(p),
            Origin::Bundled => return None,
        };
        if self.diagnostics.iter().any(is_duplicate_id) {
            return None;
        }
        let mut labels: Vec<String> = Vec::with_capacity(paths.len());
        for path in paths {
            let label = label_under(targets, path)?;
            if path.is_dir() || path.is_symlink() || !is_briefing_file(Path::new(&label)) {
                return None;
            }
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        // Each changed file read again, on its own: its briefings, or its last good version
        // kept (marked stale) when it is broken now, and its diagnostics.
        let mut fresh: Vec<Arc<Entry>> = Vec::new();
        let mut diagnostics: Vec<(&String, Vec<Diagnostic>)> = Vec::new();
        for label in &labels {
            let path = Path::new(label);
            let source = match std::fs::symlink_metadata(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    diagnostics.push((label, Vec::new()));
                    continue;
                }
                _ => read_limited(path).map(|(bytes, _)| bytes),
            };
            let parsed = source.map(|bytes| parse_file(label, &bytes));
            let one = vec![Prepared::new(label.clone(), parsed)];
            let mut one = Corpus::assemble(one, &|_| Pos::START);
            let broken = one
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error);
            if broken && one.briefings.is_empty() {
                // Broken now: its last good version stays, marked stale (as a reload keeps it).
                one.briefings
                    .extend(self.briefings.iter().filter(|e| &e.file == label).map(|e| {
                        Arc::new(Entry {
                            stale: true,
                            ..(**e).clone()
                        })
                    }));
            }
            fresh.extend(one.briefings);
            diagnostics.push((label, one.diagnostics));
        }
        // One pass over the rest: the briefings of the changed files go, and an id that
        // another file holds leaves it to a full reload.
        use rayon::prelude::*;
        let ids: Vec<&str> = fresh.iter().map(|e| e.id.as_str()).collect();
        let found: Vec<(usize, bool)> = self
            .briefings
            .par_iter()
            .enumerate()
            .filter_map(|(n, e)| {
                if labels.iter().any(|l| *l == e.file) {
                    Some((n, false))
                } else {
                    ids.contains(&e.id.as_str()).then_some((n, true))
                }
            })
            .collect();
        if found.iter().any(|&(_, taken)| taken) || has_duplicates(&ids) {
            return None;
        }
        let mut briefings = Vec::with_capacity(self.briefings.len() + fresh.len());
        let mut gone = found.iter().map(|&(n, _)| n).peekable();
        for (n, e) in self.briefings.iter().enumerate() {
            if gone.next_if_eq(&n).is_none() {
                briefings.push(Arc::clone(e));
            }
        }
        // The rest are in order still: each briefing read again goes to its place.
        sort_newest_first(&mut fresh);
        for e in fresh {
            let at = briefings.partition_point(|b| newest_first(b, &e).is_lt());
            briefings.insert(at, e);
        }
        let mut next_diagnostics: Vec<Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| !labels.contains(&d.file))
            .cloned()
            .collect();
        for (label, ds) in diagnostics {
            let path = Path::new(label);
            let at = next_diagnostics
                .iter()
                .rposition(|d| Path::new(&d.file) < path)
                .map_or(0, |i| i + 1);
            next_diagnostics.splice(at..at, ds);
        }
        Some(Corpus {
            source: self.source.clone(),
            briefings,
            diagnostics: next_diagnostics,
        })
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn has_io_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.io)
    }

    /// The briefing with this id, or loaded from this file.
    pub fn find(&self, key: &str) -> Option<&Entry> {
        self.briefings
            .iter()
            .find(|e| e.id == key)
            .or_else(|| self.briefings.iter().find(|e| same_file(&e.file, key)))
            .map(|e| &**e)
    }

    /// The first error in the file `key`, when that file could not be loaded.
    pub fn error_in(&self, key: &str) -> Option<&Diagnostic> {
        self.diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error && same_file(&d.file, key))
    }
}

/// One file's outcome made ready for the [`Assembler`] on the thread that read it: its
/// problems, and its briefing already in its shared entry, so that putting the corpus together
/// moves a pointer per file instead of a whole briefing.
struct Prepared {
    diagnostics: Vec<Diagnostic>,
    entry: Option<Arc<Entry>>,
    /// Where the file's `id` key is, when known (see [`ParsedFile::id_pos`]).
    id_pos: Option<Pos>,
}

impl Prepared {
    fn new(file: String, parsed: Result<ParsedFile, SourceError>) -> Prepared {
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                let d = match e {
                    SourceError::Unreadable(e) => Diagnostic::io(&file, e),
                    SourceError::TooLarge(len) => {
                        Diagnostic::error(&file, Pos::START, too_large(len))
                    }
                };
                return Prepared {
                    diagnostics: vec![d],
                    entry: None,
                    id_pos: None,
                };
            }
        };
        // The entry carries the id from here on, whether written or taken from the file name.
        let entry = parsed.briefing.map(|mut briefing| {
            let id = briefing.id.take().unwrap_or_else(|| file_stem(&file));
            Arc::new(Entry {
                id,
                file,
                briefing,
                stale: false,
            })
        });
        Prepared {
            diagnostics: parsed.diagnostics,
            entry,
            id_pos: parsed.id_pos,
        }
    }
}

/// A corpus put together as files are parsed, in file order: ids given, duplicates refused.
#[derive(Default)]
struct Assembler {
    corpus: Corpus,
    /// Hashed with foldhash, seeded per process: several times quicker than the standard
    /// hasher over a hundred thousand ids.
    seen: HashMap<String, (String, Option<Pos>), foldhash::fast::RandomState>,
}

impl Assembler {
    fn add(&mut self, prepared: Vec<Prepared>, locate_id: &dyn Fn(&str) -> Pos) {
        let corpus = &mut self.corpus;
        for p in prepared {
            corpus.diagnostics.extend(p.diagnostics);
            let Some(entry) = p.entry else {
                continue;
            };
            if let Some((other, other_pos)) = self.seen.get(&entry.id) {
                let other_line = other_pos.unwrap_or_else(|| locate_id(other)).line;
                corpus.diagnostics.push(
                    Diagnostic::error(
                        &entry.file,
                        p.id_pos.unwrap_or_else(|| locate_id(&entry.file)),
                        format!(
                            "{DUPLICATE_ID}{}`: {other}:{other_line} uses it too",
                            entry.id
                        ),
                    )
                    .with_hint(
                        "give one of the two briefings another `id` (ids default to the file name)",
                    ),
                );
                continue;
            }
            self.seen
                .insert(entry.id.clone(), (entry.file.clone(), p.id_pos));
            corpus.briefings.push(entry);
        }
    }

    /// The corpus so far, newest first: the briefings are shared, not copied.
    fn snapshot(&self) -> Corpus {
        let mut corpus = self.corpus.clone();
        sort_newest_first(&mut corpus.briefings);
        corpus
    }

    fn finish(mut self) -> Corpus {
        sort_newest_first(&mut self.corpus.briefings);
        self.corpus
    }
}

/// The outcome of reading one file: the briefing if it is usable, and every problem found.
/// (The position index that located the problems is not kept: it is the size of the file.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedFile {
    pub briefing: Option<Briefing>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the file's `id` key is, for a duplicate-id diagnostic; `None` when the file was
    /// parsed without positions (it is then found again by [`id_position`] if ever needed).
    pub id_pos: Option<Pos>,
}

/// Parses and validates one file's content. Never panics, whatever the bytes.
///
/// A clean file (the common case) is parsed once, by [`parse_clean`]; any other goes through
/// [`parse_located`], which first reads the document as events to bound it and to locate every
/// problem. Both give the same result for a clean file: the clean path only ever answers for a
/// file that the located path would accept with no diagnostic (a property test checks it).
pub fn parse_file(file: &str, bytes: &[u8]) -> ParsedFile {
    parse_bytes(file, bytes, true)
}

/// [`parse_file`] with every file taken through the located path: the plain reference that
/// the one-pass path is tested against.
pub fn parse_file_located(file: &str, bytes: &[u8]) -> ParsedFile {
    parse_bytes(file, bytes, false)
}

fn parse_bytes(file: &str, bytes: &[u8], one_pass: bool) -> ParsedFile {
    let fail = |d: Diagnostic| ParsedFile {
        briefing: None,
        diagnostics: vec![d],
        id_pos: Some(Pos::START),
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return fail(Diagnostic::error(
            file,
            Pos { line: 1, column: 1 },
            too_large(bytes.len() as u64),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(i) = memchr::memchr(0, bytes) {
        return fail(
            Diagnostic::error(
                file,
                pos_at(bytes, i),
                "binary data (a NUL byte): this is not a YAML text file",
            )
            .with_hint("briefings are UTF-8 text files ending in .yaml or .yml"),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return fail(
                Diagnostic::error(
                    file,
                    pos_at(bytes, e.valid_up_to()),
                    "the file is not valid UTF-8",
                )
                .with_hint("save the file as UTF-8"),
            );
        }
    };
    one_pass
        .then(|| parse_clean(file, text))
        .flatten()
        .unwrap_or_else(|| parse_located(file, text))
}

/// The one-pass parse of a file that needs no position: `None` unless the file is plainly
/// within every limit and parses and validates without a single diagnostic.
///
/// What makes it safe to skip the event pass: the characters and brackets are checked first;
/// a file with `&` or `*` anywhere (which anchors and aliases need) is left to the located
/// path, so nothing is expanded; fewer line ends and commas than [`yaml::MAX_ITEMS`] bound
/// every list and mapping; only the briefing's own keys are accepted (no unknown key), so the
/// nesting is the types' own, a few levels; and a file written in other than the plain shapes
/// (where the two parsers may disagree on what is valid YAML) is left to the located path.
fn parse_clean(file: &str, text: &str) -> Option<ParsedFile> {
    let bytes = text.as_bytes();
    if !yaml::plainly_clean(text)
        || memchr::memchr2(b'&', b'*', bytes).is_some()
        || !yaml::plain_shape(text)
        || memchr::memchr2_iter(b'\n', b',', bytes).count() + 2 >= yaml::MAX_ITEMS
    {
        return None;
    }
    let (mut briefing, unknown) = yaml::from_str_unlocated::<Briefing>(text)?;
    if !unknown.is_empty() {
        return None;
    }
    settle(&mut briefing);
    // No position is looked up unless a diagnostic is made, and then this answer is dropped.
    if !validate(file, &briefing, &yaml::SpanIndex::default(), &unknown).is_empty() {
        return None;
    }
    Some(ParsedFile {
        briefing: Some(briefing),
        diagnostics: Vec::new(),
        id_pos: None,
    })
}

/// The parse that locates every problem: the shape is checked first, in one pass without
/// recursion, so that the typed parser only ever sees a bounded document.
fn parse_located(file: &str, text: &str) -> ParsedFile {
    let fail = |d: Diagnostic| ParsedFile {
        briefing: None,
        diagnostics: vec![d],
        id_pos: Some(Pos::START),
    };
    let spans = match yaml::check_characters(text)
        .and_then(|()| yaml::check_nesting(text))
        .and_then(|()| yaml::scan(text))
    {
        Ok(spans) => spans,
        Err(e) => return fail(located(file, text, e)),
    };
    let (mut briefing, unknown) = match yaml::from_str::<Briefing>(text, &spans) {
        Ok(v) => v,
        Err(errors) => {
            return ParsedFile {
                briefing: None,
                diagnostics: errors.into_iter().map(|e| located(file, text, e)).collect(),
                id_pos: Some(spans.key("id")),
            };
        }
    };
    settle(&mut briefing);
    let diagnostics = validate(file, &briefing, &spans, &unknown);
    let usable = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    ParsedFile {
        briefing: usable.then_some(briefing),
        diagnostics,
        id_pos: Some(spans.key("id")),
    }
}

/// What both parses do to a briefing just read: its title made one line, however it is written
/// (a folded `title: >` block ends in a newline), and its lists let go of the room they grew
/// into (the parser does not say how long a list is, so a list of five has room for eight).
fn settle(briefing: &mut Briefing) {
    briefing.title = crate::text::one_line(&briefing.title);
    briefing.shrink_to_fit();
}

/// Where the `id` key of a file's content is (or where its document starts, without one).
pub fn id_position(bytes: &[u8]) -> Pos {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| yaml::scan(text).ok())
        .map_or(Pos::START, |spans| spans.key("id"))
}

/// The diagnostic for a parse error, with its hint, at a place that exists in the file.
fn located(file: &str, text: &str, e: yaml::YamlError) -> Diagnostic {
    let d = Diagnostic::error(file, clamp_to_text(text, e.pos), &e.message);
    match hint_for(&e.message) {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// A position past the end of the text (the parser reports "end of file" there) moves to the
/// end of the file, where an editor's cursor can go.
fn clamp_to_text(text: &str, pos: Pos) -> Pos {
    let lines = text.split('\n').count();
    if pos.line <= lines {
        return pos;
    }
    let last = text.rsplit('\n').next().unwrap_or_default();
    Pos {
        line: lines,
        column: last.chars().count() + 1,
    }
}

fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        let example = match field {
            "date" => "date: 2023-11-14",
            "title" => "title: Meeting of the joint commission",
            "name" => "- name: Full Name",
            "event" => "- event: What happened",
            "topic" => "- topic: What was discussed",
            "summary" => "- summary: What was agreed",
            _ => return None,
        };
        return Some(format!("add it, e.g. `{example}`"));
    }
    if message.contains("unknown variant") {
        return Some(
            "`kind` is one of agreement, decision, statement, commitment, follow-up".into(),
        );
    }
    if message.starts_with("a raw control character") {
        return Some(
            "remove it, or write it as an escape in a double-quoted string (\"\\e\", \"\\u0007\")"
                .into(),
        );
    }
    if message.starts_with("duplicate key") {
        return Some("keep one of the two, or rename one".into());
    }
    if message.starts_with("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        return Some("check the indentation and quote values that contain `: ` or start with a special character".into());
    }
    None
}

fn too_large(len: u64) -> String {
    format!("the file is {len} bytes, over the {MAX_FILE_BYTES}-byte limit for a briefing")
}

/// Line and column (1-based, in characters) of byte offset `i`.
fn pos_at(bytes: &[u8], i: usize) -> Pos {
    let before = &bytes[..i.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos { line, column }
}

/// The order of the list: newest first, then by id, as a stable sort by [`newest_first`] gives.
///
/// Each entry's date and the first bytes of its id are put side by side and sorted, and the
/// entries moved to their places once: comparing through each entry's pointer, far apart in
/// memory, was about 5 % of a warm start at 100,000 briefings, on one thread at its end.
fn sort_newest_first(entries: &mut [Arc<Entry>]) {
    let prefix = |id: &str| {
        let mut bytes = [0u8; 8];
        let head = &id.as_bytes()[..id.len().min(8)];
        bytes[..head.len()].copy_from_slice(head);
        u64::from_be_bytes(bytes)
    };
    let mut keys: Vec<(Date, u64, usize)> = entries
        .iter()
        .enumerate()
        .map(|(n, e)| (e.briefing.date, prefix(&e.id), n))
        .collect();
    // Equal prefixes (zero-padded, so an id and its extension by NULs too) fall back to the
    // order itself, and entries equal in it to the place they had: the stable sort's order.
    keys.sort_unstable_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then_with(|| newest_first(&entries[a.2], &entries[b.2]))
            .then(a.2.cmp(&b.2))
    });
    // Place n takes the entry from `keys[n].2`: each cycle of that permutation is walked once.
    let mut placed = vec![false; entries.len()];
    for start in 0..entries.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = keys[at].2;
            if from != start {
                entries.swap(at, from);
                at = from;
            }
        }
    }
}

/// The corpus' order: newest first, then by id.
fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.briefing
        .date
        .cmp(&a.briefing.date)
        .then_with(|| a.id.cmp(&b.id))
}

/// Whether an id is there twice.
fn has_duplicates(ids: &[&str]) -> bool {
    ids.iter().enumerate().any(|(n, id)| ids[..n].contains(id))
}

/// The label a full load gives the file at `path` (absolute), found under one of `targets` (as
/// named): the target joined with the rest of the path, as the folder walk writes it.
fn label_under(targets: &[PathBuf], path: &Path) -> Option<String> {
    targets.iter().find_map(|target| {
        let absolute = std::path::absolute(target).ok()?;
        let rest = path.strip_prefix(&absolute).ok()?;
        let label = if rest.as_os_str().is_empty() {
            target.clone()
        } else {
            target.join(rest)
        };
        Some(label.display().to_string())
    })
}

fn is_duplicate_id(d: &Diagnostic) -> bool {
    d.message.starts_with(DUPLICATE_ID)
}

const DUPLICATE_ID: &str = "duplicate id `";

/// Whether two spellings of a path name the same file (`./a.yaml` and `a.yaml`).
fn same_file(a: &str, b: &str) -> bool {
    let (pa, pb) = (Path::new(a), Path::new(b));
    pa == pb
        || pa
            .canonicalize()
            .ok()
            .is_some_and(|c| pb.canonicalize().ok() == Some(c))
}

fn file_stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_briefing_file(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

/// Whether a change at `path` (under or at the watched `target`) can change what is loaded
/// from `target`: the target itself, a briefing file, or a folder; not hidden paths (`.git`,
/// an editor's `.x.yaml.swp`), backups (`x.yaml~`, `#x.yaml#`), vim's `4913` probe or other
/// files.
pub fn affects_briefings(target: &Path, path: &Path) -> bool {
    if path == target {
        return true;
    }
    let Ok(inside) = path.strip_prefix(target) else {
        // The watched target's folder: only the target itself matters there.
        return false;
    };
    if inside.components().any(|c| is_hidden(c.as_os_str())) {
        return false;
    }
    match path.extension() {
        Some(_) => is_briefing_file(path),
        // A folder (or what was one) may hold briefings; vim's write probe does not.
        None => path.file_name().is_some_and(|n| n != "4913"),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Briefing files under `path` (the path itself if it is a file), sorted, hidden entries
/// skipped, symbolic links followed; what is skipped and why is said in `diagnostics`. A file
/// reached twice (through links, or under two of the paths named: `only` says this is the only
/// one) is read once. Such files are told apart by their resolved paths, asked for only when a
/// link was met or several paths were named, since resolving a path asks the system about
/// every folder on the way.
fn collect_files(
    path: &Path,
    only: bool,
    files: &mut Vec<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
    seen: &mut std::collections::HashSet<PathBuf>,
) {
    let label = path.display().to_string();
    let mut found: Vec<PathBuf> = Vec::new();
    let mut links = path.is_symlink();
    match std::fs::metadata(path) {
        Err(e) => diagnostics.push(Diagnostic::io(&label, format!("cannot read: {e}"))),
        Ok(m) if m.is_file() => found.push(path.to_path_buf()),
        Ok(m) if !m.is_dir() => diagnostics.push(Diagnostic::io(
            &label,
            format!(
                "not a briefing file or folder but {}; name a .yaml file or a folder",
                special_kind(&m)
            ),
        )),
        Ok(_) => {
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                // By name, as `sort_by_file_name` does, without taking each path apart at
                // every comparison (a fifth of a warm start at 100,000 briefings).
                .sort_by(|a, b| sibling_order(a.path(), b.path()))
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
            for entry in walker {
                links |= entry.as_ref().is_ok_and(|e| e.path_is_symlink());
                match entry {
                    Ok(e) if !is_briefing_file(e.path()) => {}
                    Ok(e) if e.file_type().is_file() => found.push(e.into_path()),
                    Ok(e) if e.file_type().is_dir() => {}
                    Ok(e) => {
                        let kind = e
                            .metadata()
                            .map_or("not a regular file".to_string(), |m| special_kind(&m));
                        diagnostics.push(Diagnostic::warning(
                            &e.path().display().to_string(),
                            Pos::START,
                            format!("skipped: {kind}, not a briefing file"),
                        ));
                    }
                    Err(e) => {
                        let at = e.path().map_or(label.clone(), |p| p.display().to_string());
                        if let Some(ancestor) = e.loop_ancestor() {
                            diagnostics.push(Diagnostic::warning(
                                &at,
                                Pos::START,
                                format!(
                                    "skipped: a symbolic link back to {}, which is read already",
                                    ancestor.display()
                                ),
                            ));
                        } else if e.path().is_some_and(|p| p.is_symlink() && !p.exists()) {
                            diagnostics.push(Diagnostic::warning(
                                &at,
                                Pos::START,
                                "skipped: a symbolic link to nothing",
                            ));
                        } else {
                            diagnostics.push(Diagnostic::io(&at, format!("cannot read: {e}")));
                        }
                    }
                }
            }
        }
    }
    let mut again = 0usize;
    for p in found {
        if only && !links {
            files.push(p);
            continue;
        }
        let key = p.canonicalize().unwrap_or_else(|_| p.clone());
        if seen.insert(key) {
            files.push(p);
        } else {
            again += 1;
        }
    }
    if again > 0 {
        diagnostics.push(Diagnostic::warning(
            &label,
            Pos::START,
            format!(
                "{again} file{} here {} read already through an earlier path or link; each file is read once",
                crate::text::plural(again),
                if again == 1 { "was" } else { "were" }
            ),
        ));
    }
}

/// The order of two paths the walk made for entries of one folder: that of their names, since
/// each is the folder's path, the same for both, and the name read from the folder. The whole
/// paths are compared, in one pass, rather than their names found first.
fn sibling_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    use std::os::unix::ffi::OsStrExt;
    a.as_os_str().as_bytes().cmp(b.as_os_str().as_bytes())
}

/// What a path that is neither a file nor a folder is, for a message.
fn special_kind(m: &std::fs::Metadata) -> String {
    use std::os::unix::fs::FileTypeExt;
    let t = m.file_type();
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
    .to_string()
}

/// Reads at most one byte more than the limit, so a huge file costs no memory. The file is
/// opened without blocking, so a FIFO put in place of a file cannot stall the load.
fn read_limited(path: &Path) -> Result<(Vec<u8>, std::fs::Metadata), SourceError> {
    use std::os::unix::fs::OpenOptionsExt;
    let unreadable = |e: std::io::Error| SourceError::Unreadable(format!("cannot read: {e}"));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(SourceError::Unreadable(format!(
            "not a briefing file but {}",
            special_kind(&meta)
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok((bytes, meta))
}

fn bundled_sources() -> Vec<(String, Result<Vec<u8>, SourceError>)> {
    let mut out = Vec::new();
    let mut stack = vec![&BUNDLED];
    while let Some(dir) = stack.pop() {
        for f in dir.files() {
            if is_briefing_file(f.path()) {
                out.push((
                    format!("briefings/{}", f.path().display()),
                    Ok(f.contents().to_vec()),
                ));
            }
        }
        stack.extend(dir.dirs());
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::{Arc, Briefing, Date, Entry, affects_briefings, newest_first, sort_newest_first};
    use proptest::prelude::*;
    use std::path::Path;

    fn entry(n: usize, id: &str, day: u32) -> Arc<Entry> {
        Arc::new(Entry {
            id: id.to_string(),
            file: format!("{n}.yaml"),
            stale: false,
            briefing: Briefing {
                id: None,
                title: format!("briefing {n}"),
                date: Date(chrono::NaiveDate::from_ymd_opt(2024, 1, day).unwrap()),
                end_date: None,
                location: None,
                summary: None,
                tags: Vec::new(),
                sources: Vec::new(),
                participants: Vec::new(),
                timeline: Vec::new(),
                agenda: Vec::new(),
                outcomes: Vec::new(),
            },
        })
    }

    proptest! {
        /// The keyed sort puts entries exactly where a stable sort by `newest_first` does:
        /// few dates, ids sharing long prefixes, ids equal but for trailing NULs, and ids
        /// taken twice (each copy is told apart by its file).
        #[test]
        fn the_keyed_sort_agrees_with_a_stable_sort(
            picks in proptest::collection::vec((0usize..6, 1u32..4), 0..200)
        ) {
            const IDS: [&str; 6] =
                ["summit", "summit-2024-a", "summit-2024-b", "summit\0", "summit-2024", "a"];
            let entries: Vec<Arc<Entry>> =
                picks.iter().enumerate().map(|(n, &(id, day))| entry(n, IDS[id], day)).collect();
            let mut plain = entries.clone();
            plain.sort_by(|a, b| newest_first(a, b));
            let mut keyed = entries;
            sort_newest_first(&mut keyed);
            let files = |v: &[Arc<Entry>]| v.iter().map(|e| e.file.clone()).collect::<Vec<_>>();
            prop_assert_eq!(files(&keyed), files(&plain));
        }
    }

    #[test]
    fn only_changes_to_briefings_and_folders_count() {
        let root = Path::new("/notes/briefings");
        let counts = |p: &str| affects_briefings(root, Path::new(p));
        assert!(counts("/notes/briefings"));
        assert!(counts("/notes/briefings/2024/summit.yaml"));
        assert!(counts("/notes/briefings/old.yml"));
        assert!(counts("/notes/briefings/2024"));
        for ignored in [
            "/notes/briefings/.git/index",
            "/notes/briefings/.summit.yaml.swp",
            "/notes/briefings/summit.yaml~",
            "/notes/briefings/#summit.yaml#",
            "/notes/briefings/4913",
            "/notes/briefings/notes.txt",
            "/notes/briefings/.hidden/summit.yaml",
            "/notes/other.yaml",
        ] {
            assert!(!counts(ignored), "{ignored}");
        }
        let file = Path::new("/notes/summit.yaml");
        assert!(affects_briefings(file, file));
        assert!(!affects_briefings(file, Path::new("/notes/other.yaml")));
    }

    /// The walk orders each folder by name as walkdir's own `sort_by_file_name` does.
    #[test]
    fn files_are_walked_in_the_order_of_their_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        let names = [
            "b.yaml",
            "a.yaml",
            "a-b.yaml",
            "a.b.yaml",
            "A.yaml",
            "é.yaml",
            "z/x.yaml",
            "a/c.yaml",
            "a/b/d.yaml",
            "a b/e.yaml",
            "ab/f.yaml",
            "a0/g.yaml",
            "10.yaml",
            "9.yaml",
        ];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(&path, "title: x\n").expect("file");
        }
        let (mut files, mut diagnostics) = (Vec::new(), Vec::new());
        let mut seen = std::collections::HashSet::new();
        super::collect_files(dir.path(), true, &mut files, &mut diagnostics, &mut seen);
        let reference: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir.path())
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .collect();
        assert_eq!(files.len(), names.len());
        assert_eq!(files, reference);
    }
}
