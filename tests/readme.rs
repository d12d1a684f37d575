//! README.md must stay true: its key table is the keymap's, and its two set-up commands are
//! the ones CI and users run.

use brief::app::KEYMAP;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

/// The key table as README.md shows it, generated from the keymap.
fn key_table() -> String {
    let mut out = String::from("| keys | what they do |\n|---|---|\n");
    for b in KEYMAP.iter().filter(|b| !b.keys.is_empty()) {
        let keys: Vec<String> = b.keys.split(' ').map(|k| format!("`{k}`")).collect();
        out.push_str(&format!("| {} | {} |\n", keys.join(" "), b.help));
    }
    out
}

#[test]
fn readme_key_table_is_the_keymap() {
    let table = key_table();
    assert!(
        readme().contains(&table),
        "README.md's key table is out of date; it should read:\n\n{table}"
    );
}

#[test]
fn readme_names_the_two_set_up_commands() {
    let text = readme();
    assert!(
        text.contains("cargo run --release"),
        "the command that opens the browser"
    );
    assert!(
        text.contains("cargo test"),
        "the command that runs the tests"
    );
    let ci =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).expect(".ci/run");
    assert!(
        ci.contains("cargo test --locked"),
        ".ci/run runs the README's test command"
    );
}
