//! Per-keystroke latency at 1k, 10k and 100k generated briefings, as a user waits for it: from
//! the key to the frame drawn (the state's update, the search pass as the worker runs it with
//! its cache, the results applied, the frame rendered on a 120x40 test backend); p50, p99 and
//! max over every prefix of a set of typed queries, plus index size against the YAML.
//!
//! `cargo bench --bench keystroke`. To look closer: BRIEF_BENCH_SIZES=1000,10000 chooses sizes,
//! BRIEF_BENCH_QUERIES=a,b the typed queries, BRIEF_BENCH_ROUNDS=n the repeats, and
//! BRIEF_BENCH_VERBOSE=1 prints every keystroke's time.

#[path = "support/generate.rs"]
mod generate;

use std::time::{Duration, Instant};

use std::sync::Arc;

use brief::app::{Action, InputRequest, SearchResults, State, update};
use brief::model::Corpus;
use brief::search::{Generation, SearchCache, SearchIndex, parse, search};
use brief::ui::{ColorDepth, Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const QUERIES: &[&str] = &[
    "bourita",
    "energy agreement",
    "who:bayramov date:2020..",
    "jorg weber",
    "'memorandum !tax",
    "kind:agreement country:azerbaijan date:2023",
    "brasilia trade",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let sizes: Vec<u64> = std::env::var("BRIEF_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let threads = rayon::current_num_threads();
    println!("threads: {threads}");
    for size in sizes {
        let files = generate::corpus(7, size);
        let yaml_bytes: usize = files.iter().map(|(_, y)| y.len()).sum();
        let started = Instant::now();
        let corpus = Corpus::from_sources(files.into_iter().map(|(n, y)| (n, Ok(y.into_bytes()))));
        let load = started.elapsed();
        let started = Instant::now();
        let index = SearchIndex::build(&corpus);
        let build = started.elapsed();
        // As the browser's search worker does at startup: one pass touches the whole index.
        let started = Instant::now();
        if let Ok(q) = parse("e") {
            search(
                &index,
                &corpus,
                &q,
                &Generation::new(0),
                0,
                &mut SearchCache::default(),
            );
        }
        let warm_up = started.elapsed();
        let mut times = Vec::new();
        let (corpus, index) = (Arc::new(corpus), Arc::new(index));
        let mut state = State::with_index(
            Arc::clone(&corpus),
            Arc::clone(&index),
            Theme::new(ColorDepth::TrueColor),
        );
        update(
            &mut state,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        let rounds: usize = std::env::var("BRIEF_BENCH_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(3);
        for _ in 0..rounds {
            // BRIEF_BENCH_QUERIES=a,b,c replaces the typed queries, to look at one case.
            let custom: Option<Vec<String>> = std::env::var("BRIEF_BENCH_QUERIES")
                .ok()
                .map(|v| v.split(',').map(String::from).collect());
            let queries: Vec<&str> = match &custom {
                Some(c) => c.iter().map(String::as_str).collect(),
                None => QUERIES.to_vec(),
            };
            for q in &queries {
                // A fresh cache and a cleared filter for each query typed, so repeats measure
                // nothing cached.
                let mut cache = SearchCache::default();
                update(&mut state, Action::CancelFilter);
                update(&mut state, Action::StartFilter);
                for c in q.chars() {
                    let started = Instant::now();
                    update(&mut state, Action::Edit(InputRequest::InsertChar(c)));
                    let generation = state.filter.generation;
                    let searching = Instant::now();
                    let mut searched = Duration::ZERO;
                    if let Some(hits) = search(
                        &index,
                        &corpus,
                        &state.filter.line.query,
                        &Generation::new(generation),
                        generation,
                        &mut cache,
                    ) {
                        searched = searching.elapsed();
                        update(
                            &mut state,
                            Action::SearchDone(SearchResults { generation, hits }),
                        );
                    }
                    let applied = searching.elapsed() - searched;
                    let drawing = Instant::now();
                    terminal.draw(|f| render(&state, f)).expect("draw");
                    times.push(started.elapsed());
                    if std::env::var_os("BRIEF_BENCH_VERBOSE").is_some() {
                        eprintln!(
                            "{size} {q:?} {c:?} {:.2?} (search {searched:.2?}, results applied {applied:.2?}, draw {:.2?})",
                            started.elapsed(),
                            drawing.elapsed()
                        );
                    }
                }
            }
        }
        times.sort();
        println!(
            "{size:>7} briefings: keystroke p50 {:>8.2?}  p99 {:>8.2?}  max {:>8.2?}  ({} keystrokes) | load {load:.2?}, index build {build:.2?}, first pass {warm_up:.2?}, index {:.1} MB = {:.0}% of {:.1} MB YAML",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times[times.len() - 1],
            times.len(),
            index.heap_bytes() as f64 / 1e6,
            100.0 * index.heap_bytes() as f64 / yaml_bytes as f64,
            yaml_bytes as f64 / 1e6,
        );
    }
}
