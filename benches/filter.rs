//! Criterion benchmark of one filter pass (parse + match + rank) at 1k, 10k and 100k briefings.
//!
//! `cargo bench --bench filter`

#[path = "support/generate.rs"]
mod generate;

use brief::model::Corpus;
use brief::search::{SearchIndex, parse, search_all};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter");
    group.sample_size(20);
    for size in [1_000u64, 10_000, 100_000] {
        let corpus = Corpus::from_sources(
            generate::corpus(7, size)
                .into_iter()
                .map(|(n, y)| (n, Ok(y.into_bytes()))),
        );
        let index = SearchIndex::build(&corpus);
        for q in [
            "b",
            "bourita",
            "energy agreement",
            "who:bayramov date:2020..",
        ] {
            group.bench_with_input(BenchmarkId::new(q, size), &q, |b, q| {
                b.iter(|| {
                    let query = parse(q).expect("valid query");
                    search_all(&index, &corpus, &query)
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, filter);
criterion_main!(benches);
