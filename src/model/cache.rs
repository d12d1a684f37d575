//! Parsed briefings kept between runs, so that a folder already read loads without parsing.
//!
//! One cache file per origin (the files and folders named), in the user's cache directory
//! (`BRIEF_CACHE_DIR` overrides it; `--no-cache` skips it). Each file's entry is keyed by its
//! name, size, modification and change times, inode and a 128-bit hash of its content, under
//! the cache's format version and the program's version: a change to any of them misses
//! exactly that entry, so a stale briefing is never shown. A file whose status is unchanged and
//! was settled well before the cache was written is taken without being read, as git trusts
//! its index; any other is read and hashed. The entry holds what parsing gave, diagnostics included, so
//! `brief check` says the same with or without it.
//!
//! The cache is only ever a shortcut: a file that is missing, corrupt, truncated, foreign or of
//! another version reads as empty, and any failure to write it is ignored. It is written to a
//! temporary file and renamed into place, so two processes at once each leave a whole file.
//! Entries parsed during a load are written aside as they are made (to a file of no name, so that
//! a killed process leaves nothing), not held in memory until the cache is written.
//!
//! The file is its index (the length of the index, then the index: each file's name, stamp and
//! where its entry is) followed by the entries. Opening reads the index alone; an entry is read
//! from the file when it is asked for, by the thread that asks. Reading the whole file into
//! memory first cost more than anything else in a warm start at 100,000 briefings: the system
//! clears every page of a fresh buffer before the file is copied into it. An entry that cannot
//! be read whole (the file was cut short meanwhile) is a miss.
//!
//! Entries are in postcard's form: each struct as its fields in order, without names or type
//! marks, so decoding is led by the types. It was chosen by measurement: MessagePack
//! (rmp-serde) had beaten JSON and CBOR (10,000 briefings decoded in 0.18 s against 0.26 s
//! and 0.33 s), and postcard takes 15 % fewer instructions than MessagePack's compact form for
//! a warm `brief list` of 10,000 (callgrind); bitcode, whose serde form is made for large
//! messages rather than one small one per file, took twice as many. Since a field cannot be
//! missing there, the briefing types leave out their empty fields everywhere but in an entry
//! ([`leaves_out_none`], [`leaves_out_empty`]); dates and times are kept as numbers there.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use super::load::ParsedFile;

/// Bumped whenever what an entry holds changes meaning (the format, parsing or validation), or
/// the layout of the file does.
pub const FORMAT_VERSION: u32 = 6;

const MAGIC: &str = "brief parsed-briefing cache";

static DISABLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set while this thread encodes an entry: every field is written, empty or not.
    static ENCODING_ENTRY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether an empty optional field is left out when written: it is, but in a cache entry.
pub(crate) fn leaves_out_none<T>(value: &Option<T>) -> bool {
    value.is_none() && !ENCODING_ENTRY.get()
}

/// Whether an empty list is left out when written: it is, but in a cache entry.
pub(crate) fn leaves_out_empty<T>(value: &[T]) -> bool {
    value.is_empty() && !ENCODING_ENTRY.get()
}

/// `--no-cache`: no cache is read or written by this process.
pub fn disable() {
    DISABLED.store(true, Ordering::Relaxed);
}

/// What identifies a file's content: what the file system says of it (size, modification and
/// change times, device and inode) and a hash of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub status: Status,
    pub hash: u128,
}

/// What `stat` says of a file. The change time (ctime) moves with every write and every change
/// of the modification time, and no program can set it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub size: u64,
    /// Nanoseconds since the epoch.
    pub modified: i128,
    pub changed: i128,
    pub device: u64,
    pub inode: u64,
}

impl Status {
    pub fn of(meta: &std::fs::Metadata) -> Status {
        use std::os::unix::fs::MetadataExt;
        let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        Status {
            size: meta.len(),
            modified: ns(meta.mtime(), meta.mtime_nsec()),
            changed: ns(meta.ctime(), meta.ctime_nsec()),
            device: meta.dev(),
            inode: meta.ino(),
        }
    }
}

impl Stamp {
    pub fn of(bytes: &[u8], meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            status: Status {
                size: bytes.len() as u64,
                ..Status::of(meta)
            },
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// A file changed this close before the cache was written may change again within the same
/// tick of the file system's clock without its times moving: only its content tells.
const RACY_NS: i128 = 2_000_000_000;

#[derive(Debug, Serialize, Deserialize)]
struct Record {
    file: String,
    stamp: Stamp,
    /// Where its entry is, counted from the end of the index: a [`ParsedFile`], encoded,
    /// decoded only when the file is asked for, and copied as it is when the file has not
    /// changed.
    at: u64,
    len: u32,
}

#[derive(Debug, Serialize, Deserialize)]
struct Index {
    magic: String,
    format: u32,
    program: String,
    /// When it was written (ns since the epoch).
    written: i128,
    records: Vec<Record>,
}

/// The cache of one origin, as read at the start of a load: its index, and the file open to
/// read entries from.
#[derive(Debug, Default)]
pub struct Cache {
    path: PathBuf,
    program: String,
    written: i128,
    file: Option<std::fs::File>,
    /// Where the entries start in the file, and its size when it was opened.
    entries_at: u64,
    size: u64,
    records: HashMap<String, (Stamp, Place), foldhash::fast::RandomState>,
    /// New entries, written as they are encoded (see [`Cache::put_aside`]).
    spool: std::sync::Mutex<Spool>,
}

/// New entries put aside until the cache is written: in a file of no name in the cache's
/// folder, so that none waits in memory for the end of a load (at 100,000 briefings they are
/// 230 MB), and none is left behind when the process is killed.
#[derive(Debug, Default)]
struct Spool {
    out: Option<std::io::BufWriter<std::fs::File>>,
    len: u64,
    /// A write failed: the cache is not written this time.
    failed: bool,
}

/// Where an entry is, counted from the start of the entries.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    at: u64,
    len: u32,
}

/// A file's entry for the cache to be written.
pub struct Fresh {
    pub file: String,
    pub stamp: Stamp,
    /// Where its new entry is among those put aside; `None` when the entry read hit, and is
    /// written back as it was.
    pub(super) new: Option<Place>,
}

impl Cache {
    /// The cache for an origin described by `key` (its paths), unless caching is off or no
    /// cache directory is known.
    pub fn open(key: &str) -> Option<Cache> {
        if DISABLED.load(Ordering::Relaxed) {
            return None;
        }
        let dir = match std::env::var_os("BRIEF_CACHE_DIR").filter(|d| !d.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => dirs::cache_dir()?.join("brief"),
        };
        Some(Cache::open_in(&dir, key, env!("CARGO_PKG_VERSION")))
    }

    /// The cache for `key` in `dir`, for a program of version `program`.
    pub fn open_in(dir: &Path, key: &str, program: &str) -> Cache {
        let name = format!("{:032x}.cache", xxhash_rust::xxh3::xxh3_128(key.as_bytes()));
        let path = dir.join(name);
        let (file, entries_at, size, index) = Cache::read_index(&path).unwrap_or_default();
        let (written, records) = index
            .filter(|c| c.magic == MAGIC && c.format == FORMAT_VERSION && c.program == program)
            .map(|c| {
                let records = c
                    .records
                    .into_iter()
                    .map(|r| {
                        (
                            r.file,
                            (
                                r.stamp,
                                Place {
                                    at: r.at,
                                    len: r.len,
                                },
                            ),
                        )
                    })
                    .collect();
                (c.written, records)
            })
            .unwrap_or_default();
        Cache {
            path,
            program: program.to_string(),
            written,
            file,
            entries_at,
            size,
            records,
            spool: Default::default(),
        }
    }

    /// The open file, where its entries start, its size, and its index if it reads as one.
    #[allow(clippy::type_complexity)]
    fn read_index(path: &Path) -> Option<(Option<std::fs::File>, u64, u64, Option<Index>)> {
        use std::io::Read;
        let mut file = std::fs::File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        let mut len = [0u8; 8];
        file.read_exact(&mut len).ok()?;
        let len = u64::from_le_bytes(len);
        // A length the file cannot hold is of a damaged file: nothing is allocated for it.
        if len > size.saturating_sub(8) {
            return None;
        }
        let mut index = vec![0u8; usize::try_from(len).ok()?];
        file.read_exact(&mut index).ok()?;
        let index = postcard::from_bytes::<Index>(&index).ok();
        Some((Some(file), 8 + len, size, index))
    }

    /// The encoded entry at `place`, handed to `read` (in a buffer each thread keeps), if the
    /// file still holds all of it.
    fn with_entry<T>(&self, place: Place, read: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        use std::os::unix::fs::FileExt;
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let file = self.file.as_ref()?;
        let at = self.entries_at.checked_add(place.at)?;
        // Within the file as it was opened, whatever a damaged index says: nothing larger is
        // allocated.
        if at.checked_add(u64::from(place.len))? > self.size {
            return None;
        }
        let len = usize::try_from(place.len).ok()?;
        BUFFER.with_borrow_mut(|buffer| {
            buffer.resize(len, 0);
            file.read_exact_at(buffer, at).ok()?;
            read(buffer)
        })
    }

    /// Where the cache file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many entries were read.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Whether there is an entry for `file` (before asking the file system about it).
    pub fn knows(&self, file: &str) -> bool {
        self.records.contains_key(file)
    }

    /// The entry for `file`, known from what `stat` says alone: its status is the same and
    /// was settled well before the cache was written (git's rule for its index). Such a file is
    /// not read at all. With the stamp to write back.
    pub fn get_unread(&self, file: &str, status: &Status) -> Option<(ParsedFile, Stamp)> {
        let (kept, place) = self.records.get(file)?;
        if kept.status != *status || status.changed >= self.written - RACY_NS {
            return None;
        }
        let parsed = self.with_entry(*place, Cache::decode)?;
        Some((parsed, *kept))
    }

    /// Whether the entry for `file` is kept with exactly this stamp, settled (see
    /// [`Cache::get_unread`]): when every entry is, the cache need not be written again.
    pub fn holds(&self, file: &str, stamp: &Stamp) -> bool {
        self.records
            .get(file)
            .is_some_and(|(kept, _)| kept == stamp && stamp.status.changed < self.written - RACY_NS)
    }

    /// The parsed file, if the entry for `file` has this stamp and decodes.
    pub fn get(&self, file: &str, stamp: &Stamp) -> Option<ParsedFile> {
        let (kept, place) = self.records.get(file)?;
        if kept != stamp {
            return None;
        }
        self.with_entry(*place, Cache::decode)
    }

    /// Encodes a parse result as an entry (see [`Cache::put_aside`]).
    pub fn encode(parsed: &ParsedFile) -> Option<Vec<u8>> {
        /// Clears the flag however the encoding ends.
        struct Encoding;
        impl Drop for Encoding {
            fn drop(&mut self) {
                ENCODING_ENTRY.set(false);
            }
        }
        ENCODING_ENTRY.set(true);
        let encoding = Encoding;
        let blob = postcard::to_allocvec(parsed);
        drop(encoding);
        blob.ok()
    }

    /// Encodes a new entry and writes it aside for [`Cache::store`]; where it is, or `None` if
    /// it could not be (nothing is then written to the cache by this load).
    pub(super) fn put_aside(&self, parsed: &ParsedFile) -> Option<Place> {
        let blob = Cache::encode(parsed)?;
        let len = u32::try_from(blob.len()).ok()?;
        let mut spool = self.spool.lock().ok()?;
        if spool.failed {
            return None;
        }
        if spool.out.is_none() {
            let dir = self.path.parent().unwrap_or(Path::new("."));
            match std::fs::create_dir_all(dir).and_then(|()| tempfile::tempfile_in(dir)) {
                Ok(file) => spool.out = Some(std::io::BufWriter::with_capacity(1 << 16, file)),
                Err(_) => spool.failed = true,
            }
        }
        let written = spool.out.as_mut().map(|out| out.write_all(&blob));
        if !matches!(written, Some(Ok(()))) {
            spool.failed = true;
            return None;
        }
        let at = spool.len;
        spool.len += u64::from(len);
        Some(Place { at, len })
    }

    /// Decodes an entry [`Cache::encode`] made; `None` for anything else.
    pub fn decode(blob: &[u8]) -> Option<ParsedFile> {
        postcard::from_bytes(blob).ok()
    }

    /// Replaces the cache file with these entries, atomically; failures are ignored (the
    /// cache is a shortcut, never a requirement).
    pub fn store(self, entries: Vec<Fresh>) {
        let _ = self.write(&entries);
    }

    fn write(mut self, entries: &[Fresh]) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom};
        let spool = std::mem::take(
            self.spool
                .get_mut()
                .map_err(|_| std::io::Error::other("a thread failed while writing an entry"))?,
        );
        if spool.failed {
            return Err(std::io::Error::other("an entry could not be put aside"));
        }
        let spooled = spool.len;
        let mut spool = spool.out.map(|out| out.into_inner()).transpose()?;
        // The entries put aside come first, where they are; then those read, as they were.
        let mut old = Vec::new();
        let mut at = spooled;
        let mut records = Vec::with_capacity(entries.len());
        for f in entries {
            let place = match f.new {
                Some(place) => place,
                None => {
                    let Some(&(_, place)) = self.records.get(&f.file) else {
                        continue;
                    };
                    old.push(place);
                    let copied = Place { at, len: place.len };
                    at += u64::from(place.len);
                    copied
                }
            };
            records.push(Record {
                file: f.file.clone(),
                stamp: f.stamp,
                at: place.at,
                len: place.len,
            });
        }
        let written = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let index = postcard::to_allocvec(&Index {
            magic: MAGIC.to_string(),
            format: FORMAT_VERSION,
            program: self.program.clone(),
            written,
            records,
        })
        .map_err(std::io::Error::other)?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut temp = tempfile::NamedTempFile::new_in(dir)?;
        let mut out = std::io::BufWriter::new(temp.as_file_mut());
        out.write_all(&(index.len() as u64).to_le_bytes())?;
        out.write_all(&index)?;
        out.flush()?;
        drop(out);
        if let Some(spool) = spool.as_mut() {
            // File to file, in the kernel where it can: the entries are the corpus's size.
            spool.seek(SeekFrom::Start(0))?;
            if std::io::copy(spool, temp.as_file_mut())? != spooled {
                return Err(std::io::Error::other(
                    "the entries put aside were cut short",
                ));
            }
        }
        let mut out = std::io::BufWriter::new(temp.as_file_mut());
        for place in old {
            self.with_entry(place, |blob| Some(out.write_all(blob)))
                .unwrap_or_else(|| Err(std::io::Error::other("an entry could not be read")))?;
        }
        out.flush()?;
        drop(out);
        temp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}
