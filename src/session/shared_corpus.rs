//! One watcher for many sessions: a server's reloads are published once and every session
//! picks up the newest when its loop comes round, keeping its own selection.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::app::{Loaded, Stage};
use crate::model::{Corpus, Origin};

use super::{CorpusFeed, Reloader, spawn_worker};

/// The newest reload, numbered so that each session takes it once.
#[derive(Default)]
pub struct Published {
    generation: u64,
    loaded: Option<Loaded>,
    problem: Option<String>,
}

/// A session's view of the published reloads.
pub struct Subscription {
    published: Arc<Mutex<Published>>,
    seen: u64,
    problem: Option<String>,
}

impl Subscription {
    /// Takes every reload published from now on, and the newest one already published (the
    /// session was set up over the corpus the server started with).
    pub fn new(published: Arc<Mutex<Published>>) -> Subscription {
        Subscription {
            published,
            seen: 0,
            problem: None,
        }
    }
}

impl CorpusFeed for Subscription {
    fn progress(&self) -> (usize, usize) {
        (0, 0)
    }

    fn pending(&self) -> bool {
        false
    }

    fn poll(&mut self, _current: &Loaded) -> Option<Option<Loaded>> {
        let published = self.published.lock().ok()?;
        self.problem = published.problem.clone();
        if published.generation == self.seen {
            return None;
        }
        self.seen = published.generation;
        published.loaded.clone().map(Some)
    }

    fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }
}

/// Watches `origin` on a thread of its own until `stop` is set, publishing each reload as
/// `shown` makes it for the sessions (the next reload starts from the one read); `None` when
/// there is nothing to watch (the bundled briefings) or the system refuses.
pub fn watch_and_publish(
    origin: &Origin,
    corpus: Arc<Corpus>,
    stop: Arc<AtomicBool>,
    shown: impl Fn(Loaded) -> Loaded + Send + 'static,
) -> Option<Arc<Mutex<Published>>> {
    let mut reloader = Reloader::watch(origin)?;
    let mut current = Loaded::of(corpus);
    let published = Arc::new(Mutex::new(Published::default()));
    let out = Arc::clone(&published);
    spawn_worker("watch", move || {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(50));
            let reloaded = reloader.poll(&current);
            let Ok(mut p) = out.lock() else {
                return;
            };
            p.problem = reloader.problem().map(str::to_string);
            if let Some(Some(loaded)) = reloaded {
                current = loaded.clone();
                // Sessions get a patched corpus with its own entity index, whole.
                if loaded.stage != Stage::Patched {
                    p.generation += 1;
                    p.loaded = Some(shown(Loaded {
                        stage: Stage::Whole,
                        ..loaded
                    }));
                }
            }
        }
    });
    Some(published)
}
