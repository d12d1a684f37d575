#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use brief::model::{Corpus, Origin};
use brief::search::{SearchIndex, matched_fields, parse, search_all};
use libfuzzer_sys::fuzz_target;

/// A small corpus and its index, loaded once per process.
fn fixture() -> &'static (Corpus, SearchIndex) {
    static FIXTURE: OnceLock<(Corpus, SearchIndex)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let corpus = Corpus::load(&Origin::Paths(vec![PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/good"
        ))]));
        assert!(
            !corpus.briefings.is_empty(),
            "the fixture corpus did not load"
        );
        let index = SearchIndex::build(&corpus);
        (corpus, index)
    })
}

// Parsing any query, running it and finding the matched fields of every hit must never panic.
fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(query) = parse(text) else {
        return;
    };
    let (corpus, index) = fixture();
    let hits = search_all(index, corpus, &query);
    for hit in &hits {
        assert!(hit.doc < corpus.briefings.len(), "hit out of range: {hit:?}");
        let _ = matched_fields(&query, &corpus.briefings[hit.doc].briefing);
    }
});
