//! The corpus service: watches the briefings' files and folders and reloads them off the
//! input thread, with the indexes the browser needs.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crate::app::{Loaded, Stage};
use crate::model::{Corpus, Origin, affects_briefings};

use super::spawn_worker;

/// Watches the files and folders briefings come from and reloads them, off the input thread,
/// within a second of a change.
///
/// A folder is watched recursively and through its parent, so that it is seen again when it is
/// deleted and made anew; a file is watched through its folder, so that saves by rename (what
/// most editors do) keep being seen after the first one.
pub struct Reloader {
    origin: Origin,
    targets: Vec<PathBuf>,
    changes: mpsc::Receiver<Change>,
    watcher: notify::RecommendedWatcher,
    done: mpsc::Receiver<Option<Loaded>>,
    finished: mpsc::Sender<Option<Loaded>>,
    /// When the burst of changes is over and a reload should start.
    due: Option<std::time::Instant>,
    running: bool,
    /// A watched folder itself was created or removed: its watch must be set up again.
    rewatch: bool,
    /// The briefing files changed since the last reload began, when only they need reading;
    /// `None` when everything must be read again (the first load, a folder's change).
    changed: Option<Vec<PathBuf>>,
    /// Why some change may be missed, for the status line.
    problem: Option<String>,
    /// (files read, files in all) of the running load.
    progress: Arc<(AtomicUsize, AtomicUsize)>,
}

/// What the watcher saw.
enum Change {
    /// Something changed at or under a watched path: `root` when it is the watched folder
    /// itself; the paths that matter.
    Changed { root: bool, paths: Vec<PathBuf> },
    /// The watcher failed.
    Failed(String),
}

impl Reloader {
    /// Changes closer together than this are one reload (an editor writes a file in steps).
    const SETTLE: Duration = Duration::from_millis(50);

    /// More changed files than this in one burst are read by a full reload.
    const MOST_PATCHED: usize = 256;

    /// A watcher for `origin`, or `None` for the bundled corpus (which cannot change) or when
    /// the system refuses to watch.
    pub fn watch(origin: &Origin) -> Option<Reloader> {
        let targets = origin.paths();
        if targets.is_empty() {
            return None;
        }
        // Absolute, so that event paths (always absolute) can be compared with them.
        let targets: Vec<PathBuf> = targets
            .iter()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
            .collect();
        let (tx, changes) = mpsc::channel();
        let watched = targets.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let change = match event {
                Ok(e) if e.kind.is_access() => return,
                Ok(e) => {
                    let paths: Vec<PathBuf> = e
                        .paths
                        .into_iter()
                        .filter(|p| watched.iter().any(|t| affects_briefings(t, p)))
                        .collect();
                    if paths.is_empty() {
                        return;
                    }
                    let root = paths.iter().any(|p| watched.contains(p));
                    Change::Changed { root, paths }
                }
                Err(e) => Change::Failed(e.to_string()),
            };
            let _ = tx.send(change);
        })
        .ok()?;
        let (finished, done) = mpsc::channel();
        let mut reloader = Reloader {
            origin: origin.clone(),
            targets,
            changes,
            watcher,
            done,
            finished,
            due: None,
            running: false,
            rewatch: false,
            // Over a corpus read already, the first change is read alone too.
            changed: Some(Vec::new()),
            problem: None,
            progress: Arc::new((AtomicUsize::new(0), AtomicUsize::new(0))),
        };
        reloader.set_up_watches();
        Some(reloader)
    }

    /// (Re)starts the watches: each folder recursively and through its parent, each file
    /// through its folder. Paths that cannot be watched are named in [`Reloader::problem`].
    fn set_up_watches(&mut self) {
        use notify::{RecursiveMode, Watcher};
        let mut problems = Vec::new();
        for target in &self.targets {
            let parent = target.parent().filter(|p| !p.as_os_str().is_empty());
            if target.is_dir() {
                let _ = self.watcher.unwatch(target);
                if let Err(e) = self.watcher.watch(target, RecursiveMode::Recursive) {
                    problems.push(format!("{}: {e}", target.display()));
                }
                if let Some(parent) = parent {
                    let _ = self.watcher.watch(parent, RecursiveMode::NonRecursive);
                }
            } else if let Some(parent) = parent {
                if !target.exists() {
                    problems.push(format!("{} is gone", target.display()));
                }
                if let Err(e) = self.watcher.watch(parent, RecursiveMode::NonRecursive) {
                    problems.push(format!("{}: {e}", parent.display()));
                }
            }
        }
        self.problem =
            (!problems.is_empty()).then(|| format!("not watching {}", problems.join("; ")));
    }

    /// Why changes on disk may not be seen now, if they may not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Starts reading the briefings at once (the first load, while the screen is up).
    pub fn load_now(&mut self) {
        self.changed = None;
        self.due = Some(std::time::Instant::now());
    }

    /// How far the running load is: (files read, files in all).
    pub fn progress(&self) -> (usize, usize) {
        (
            self.progress.0.load(Ordering::Relaxed),
            self.progress.1.load(Ordering::Relaxed),
        )
    }

    /// Whether a reload is waiting or running: the event loop then polls more often.
    pub fn pending(&self) -> bool {
        self.due.is_some() || self.running
    }

    /// Starts a reload once changes settle, and returns a finished one (`Some(None)` when the
    /// reload failed: the previous corpus stays).
    pub fn poll(&mut self, current: &Loaded) -> Option<Option<Loaded>> {
        while let Ok(change) = self.changes.try_recv() {
            match change {
                Change::Changed { root, paths } => {
                    self.rewatch |= root;
                    match &mut self.changed {
                        Some(changed) if !root && changed.len() < Self::MOST_PATCHED => {
                            changed.extend(paths);
                        }
                        _ => self.changed = None,
                    }
                    self.due = Some(std::time::Instant::now() + Self::SETTLE);
                }
                Change::Failed(e) => {
                    self.changed = None;
                    self.problem = Some(format!("watching failed: {e}"));
                }
            }
        }
        // The newest part of a running load, unless the load has finished.
        let mut newest = None;
        while let Ok(result) = self.done.try_recv() {
            let part = result.as_ref().is_some_and(|l| l.stage == Stage::Part);
            newest = Some(result);
            if !part {
                break;
            }
        }
        if let Some(result) = newest {
            match result.as_ref().map(|l| l.stage) {
                // More of the same reload comes, or it was over already.
                Some(Stage::Part | Stage::Follow) => {}
                Some(Stage::Whole | Stage::Patched) => self.running = false,
                None => {
                    self.running = false;
                    // The changes read by the failed reload are not in the corpus shown.
                    self.changed = None;
                }
            }
            return Some(result);
        }
        if !self.running && self.due.is_some_and(|d| std::time::Instant::now() >= d) {
            self.due = None;
            if std::mem::take(&mut self.rewatch) {
                self.set_up_watches();
            }
            self.running = true;
            // The changes seen from now on are the next reload's.
            let changed = self.changed.replace(Vec::new());
            let (origin, previous, finished, progress) = (
                self.origin.clone(),
                current.clone(),
                self.finished.clone(),
                Arc::clone(&self.progress),
            );
            spawn_worker("reload", move || {
                let reloaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let report = |done: usize, total: usize| {
                        progress.1.store(total, Ordering::Relaxed);
                        progress.0.fetch_max(done, Ordering::Relaxed);
                    };
                    progress.0.store(0, Ordering::Relaxed);
                    // Only the files changed are read when that is enough to tell.
                    let patched = changed
                        .as_ref()
                        .and_then(|paths| previous.corpus.patch(&origin, paths));
                    if let Some(patched) = patched {
                        // On screen at once; the entity index, which takes as long as the
                        // corpus, follows.
                        let shown = Loaded::patched(&previous, patched);
                        let own = shown.clone();
                        let _ = finished.send(Some(shown));
                        return own.with_own_entities();
                    }
                    if changed.is_none() && previous.corpus.briefings.is_empty() {
                        // The first load: the list fills in as briefings arrive.
                        // Each part's search index is the one before with what it adds.
                        let parts = finished.clone();
                        let mut last: Option<Loaded> = None;
                        let mut arrived = |so_far: Corpus| {
                            let part = Loaded::partial(last.as_ref(), so_far);
                            let _ = parts.send(Some(part.clone()));
                            last = Some(part);
                        };
                        let whole = Corpus::load_in_batches(&origin, &report, &mut arrived);
                        let Some(last) = last else {
                            // One batch: everything at once.
                            return Loaded::build(whole);
                        };
                        // The whole list at once, as a patch of the last part; then the index
                        // of names (as long to build as the corpus is to read), and the search
                        // index in one piece, for faster searches.
                        let whole = Loaded::patched(&last, whole);
                        let _ = finished.send(Some(whole.clone()));
                        let whole = whole.with_own_entities();
                        let _ = finished.send(Some(whole.clone()));
                        return whole.in_one_piece();
                    }
                    Loaded::build(previous.corpus.reload_with_progress(&origin, &report))
                }));
                let _ = finished.send(reloaded.ok());
            });
        }
        None
    }
}

impl super::CorpusFeed for Reloader {
    fn progress(&self) -> (usize, usize) {
        Reloader::progress(self)
    }

    fn pending(&self) -> bool {
        Reloader::pending(self)
    }

    fn poll(&mut self, current: &Loaded) -> Option<Option<Loaded>> {
        Reloader::poll(self, current)
    }

    fn problem(&self) -> Option<&str> {
        Reloader::problem(self)
    }
}
