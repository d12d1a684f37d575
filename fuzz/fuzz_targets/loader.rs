#![no_main]

use libfuzzer_sys::fuzz_target;

// Parsing and validating one file must never panic, whatever the bytes. Run with
// `-timeout=1 -rss_limit_mb=512 -malloc_limit_mb=256` so that a slow or memory-hungry
// input is a finding too.
fuzz_target!(|data: &[u8]| {
    let parsed = brief::model::parse_file("fuzz.yaml", data);
    // A file with no briefing must say why.
    if parsed.briefing.is_none() {
        assert!(
            !parsed.diagnostics.is_empty(),
            "no briefing and no diagnostic"
        );
    }
});
