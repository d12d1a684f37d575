#![no_main]

use std::io::Write;

use brief::sanitize::{SafeWriter, cell, is_unsafe, json, visible};
use libfuzzer_sys::fuzz_target;

fn assert_safe(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
        panic!("{what} let an unsafe character through: {c:?} in {text:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let lossy = String::from_utf8_lossy(data);

    // (a) visible: no unsafe character.
    assert_safe("visible", &visible(&lossy));

    // (b) cell: no unsafe character, no newline, no tab.
    let c = cell(&lossy);
    assert_safe("cell", &c);
    assert!(
        !c.contains(['\n', '\t']),
        "cell kept a newline or tab: {c:?}"
    );

    // (c) SafeWriter: the raw bytes written in chunks (sizes drawn from the first byte as a
    // seed) come out as UTF-8 with no unsafe character.
    let mut out = Vec::new();
    {
        let mut writer = SafeWriter::new(&mut out);
        let mut seed = u32::from(data.first().copied().unwrap_or(0)) | 1;
        let mut rest = data;
        while !rest.is_empty() {
            // xorshift: cheap, deterministic chunk sizes of 1 to 8 bytes.
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let n = ((seed % 8) as usize + 1).min(rest.len());
            let (chunk, tail) = rest.split_at(n);
            writer.write_all(chunk).expect("writing to a Vec cannot fail");
            rest = tail;
        }
    }
    let written = match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => panic!("SafeWriter wrote invalid UTF-8: {e}"),
    };
    assert_safe("SafeWriter", &written);

    // (d) json: the same value exactly, with no unsafe character.
    let s: &str = &lossy;
    let serialized = serde_json::to_string(s).expect("a string serializes");
    let escaped = json(&serialized);
    assert_safe("json", &escaped);
    let back: String = match serde_json::from_str(&escaped) {
        Ok(v) => v,
        Err(e) => panic!("json output does not parse ({e}): {escaped:?}"),
    };
    assert_eq!(back, s, "json changed the value");
});
