//! Criterion benchmark of making the search index at 10k and 100k briefings: built afresh from
//! the briefings, and put in one piece from the parts a first load leaves (one per batch of
//! files, the batches doubling from 1,024), as the browser does at the end of a first load.
//!
//! `cargo bench --bench index`

#[path = "support/generate.rs"]
mod generate;

use brief::model::Corpus;
use brief::search::SearchIndex;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// The index as a first load leaves it: each batch patched in after the ones before.
fn in_parts(corpus: &Corpus) -> SearchIndex {
    let mut index = SearchIndex::default();
    let mut before = Corpus::default();
    let mut end = 1024.min(corpus.briefings.len());
    loop {
        let mut so_far = corpus.clone();
        so_far.briefings.truncate(end);
        index = index.patch(&before, &so_far);
        before = so_far;
        if end == corpus.briefings.len() {
            return index;
        }
        end = (end * 2).min(corpus.briefings.len());
    }
}

fn index(c: &mut Criterion) {
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    for size in [10_000u64, 100_000] {
        let corpus = Corpus::from_sources(
            generate::corpus(7, size)
                .into_iter()
                .map(|(n, y)| (n, Ok(y.into_bytes()))),
        );
        group.bench_with_input(BenchmarkId::new("build", size), &corpus, |b, corpus| {
            b.iter(|| SearchIndex::build(corpus))
        });
        let parts = in_parts(&corpus);
        assert!(parts.parts() > 1, "{} parts", parts.parts());
        group.bench_with_input(
            BenchmarkId::new(format!("in_one_piece from {} parts", parts.parts()), size),
            &parts,
            |b, parts| b.iter(|| parts.in_one_piece()),
        );
    }
    group.finish();
}

criterion_group!(benches, index);
criterion_main!(benches);
