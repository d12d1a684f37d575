//! The search worker: passes run off the input thread, dropped when a newer query arrives.

use std::sync::Arc;
use std::sync::mpsc;

use crate::app::{SearchResults, State};
use crate::model::Corpus;
use crate::search::{self, Generation, Query, SearchIndex};

use std::sync::atomic::Ordering;

use super::{fault, spawn_worker};

/// Runs search passes off the input thread. A pass checks between chunks whether a newer
/// query has arrived and gives up if so, so typing is never blocked and no stale pass runs on.
pub struct Searcher {
    requests: mpsc::Sender<SearchRequest>,
    pub(super) results: mpsc::Receiver<SearchResults>,
    latest: Arc<Generation>,
    /// The newest generation asked for.
    pub(super) asked: u64,
    worker: std::thread::JoinHandle<()>,
}

/// A query to run over a corpus and its index (they change when files are reloaded).
struct SearchRequest {
    generation: u64,
    query: Query,
    corpus: Arc<Corpus>,
    index: Arc<SearchIndex>,
}

impl Searcher {
    pub fn start(corpus: Arc<Corpus>, index: Arc<SearchIndex>) -> Searcher {
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        let (outbox, results) = mpsc::channel();
        let latest = Arc::new(Generation::new(0));
        let current = Arc::clone(&latest);
        let worker = spawn_worker("search", move || {
            // A first pass touches every part of the index once; doing it now, while the user
            // reads the first screen, keeps that cost off their first keystroke.
            if let Ok(warm_up) = search::parse("e") {
                let mut cache = search::SearchCache::default();
                let _ = search::search(&index, &corpus, &warm_up, &current, 0, &mut cache);
            }
            let mut cache = search::SearchCache::default();
            let mut cached_index = index;
            while let Ok(mut request) = inbox.recv() {
                if fault("search-panic") {
                    panic!("injected fault: search-panic");
                }
                // Only the newest of the queries waiting matters.
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                if !Arc::ptr_eq(&cached_index, &request.index) {
                    cache = search::SearchCache::default();
                    cached_index = Arc::clone(&request.index);
                }
                let SearchRequest {
                    generation,
                    query,
                    corpus,
                    index,
                } = request;
                if let Some(hits) =
                    search::search(&index, &corpus, &query, &current, generation, &mut cache)
                    && outbox.send(SearchResults { generation, hits }).is_err()
                {
                    return;
                }
            }
        });
        Searcher {
            requests,
            results,
            latest,
            asked: 0,
            worker,
        }
    }

    /// Whether the worker has ended, which it only does by failing: the loop then starts a
    /// new one instead of waiting for results that never come.
    pub fn died(&self) -> bool {
        self.worker.is_finished()
    }

    /// Asks for the state's query if it has changed since the last request.
    pub fn request_if_needed(&mut self, state: &State) {
        let generation = state.filter.generation;
        if state.needs_search() && generation != self.asked {
            self.asked = generation;
            self.latest.store(generation, Ordering::Relaxed);
            let _ = self.requests.send(SearchRequest {
                generation,
                query: state.filter.line.query.clone(),
                corpus: Arc::clone(&state.corpus),
                index: Arc::clone(&state.index),
            });
        }
    }

    pub(super) fn busy(&self, state: &State) -> bool {
        state.needs_search()
    }
}
