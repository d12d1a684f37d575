//! Criterion benchmark of making the search index at 10k and 100k briefings: built afresh from
//! the briefings, and put in one piece from the parts a first load leaves, as the browser does
//! at the end of a first load (one part per batch of files in the order of their names, the
//! batches doubling from 1,000; each part's briefings spread over the list, which is by date).
//!
//! `cargo bench --bench index`

#[path = "support/generate.rs"]
mod generate;

use brief::model::Corpus;
use brief::search::SearchIndex;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// The index as a first load leaves it: each batch of files, in the order of their names,
/// patched in after the ones before, the briefings so far sorted newest first each time.
fn in_parts(corpus: &Corpus) -> SearchIndex {
    let mut by_name = corpus.briefings.clone();
    by_name.sort_by(|a, b| a.file.cmp(&b.file));
    let mut index = SearchIndex::default();
    let mut before = Corpus::default();
    let (mut end, mut batch) = (0, 1_000);
    while end < by_name.len() {
        end = (end + batch).min(by_name.len());
        batch *= 2;
        let mut so_far = by_name[..end].to_vec();
        so_far.sort_by(|a, b| (b.briefing.date, &a.id).cmp(&(a.briefing.date, &b.id)));
        let so_far = Corpus {
            briefings: so_far,
            ..Corpus::default()
        };
        index = index.patch(&before, &so_far);
        before = so_far;
    }
    index
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
