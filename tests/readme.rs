//! README.md must stay true: its key table is the keymap's, and its two set-up commands are
//! the ones CI and users run.

mod common;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

/// The key table as README.md shows it, generated from the keymap.
fn key_table() -> String {
    let mut out = String::from("| keys | what they do |\n|---|---|\n");
    // Every command, `e` included: the browser on the user's own folders offers it.
    for (keys, help) in brief::app::default_keymap().help_rows(|_| false) {
        let keys: Vec<String> = keys.split(' ').map(|k| format!("`{k}`")).collect();
        out.push_str(&format!("| {} | {help} |\n", keys.join(" ")));
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

/// The limits README.md states are the ones the code enforces.
#[test]
fn readme_states_the_limits_in_force() {
    let text = readme().replace('\n', " ");
    let limits = [
        format!("{} bytes a file", brief::model::MAX_FILE_BYTES),
        format!("nesting {} levels deep", brief::model::yaml::MAX_DEPTH),
        format!(
            "{} entries in one list or mapping",
            brief::model::yaml::MAX_ITEMS
        ),
        format!(
            "{} MiB of text once aliases are expanded",
            brief::model::yaml::MAX_EXPANDED_BYTES >> 20
        ),
        format!(
            "Queries are at most {} characters",
            brief::search::MAX_QUERY_CHARS
        ),
        format!(
            "the first {} characters of a field",
            brief::search::MAX_FUZZY_CHARS
        ),
        format!(
            "at most {} characters of one line",
            brief::ui::MAX_SHOWN_CHARS
        ),
        format!(
            "at most {} x {} cells",
            brief::screen::MAX_WIDTH,
            brief::screen::MAX_HEIGHT
        ),
    ];
    for limit in limits {
        assert!(text.contains(&limit), "README.md does not say `{limit}`");
    }
}

#[test]
fn readme_screen_picture_is_what_the_browser_draws() {
    use brief::app::{Action, Pane};
    // The picture's steps: the seed briefing (fifth), Participants focused, the second person.
    let mut s = common::state("./briefings", 120, 36);
    common::apply(
        &mut s,
        &[
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Focus(Pane::Participants),
            Action::Down,
        ],
    );
    let drawn: Vec<String> = common::screen(&s)
        .lines()
        .map(|l| l.trim_matches('"').trim_end().to_string())
        .collect();
    let text = readme();
    let start = text
        .find("```text\n┌ 1 Briefings")
        .expect("the README has the screen picture")
        + "```text\n".len();
    let end = start + text[start..].find("```").expect("the picture ends");
    let pictured: Vec<String> = text[start..end].lines().map(str::to_string).collect();
    assert_eq!(pictured, drawn, "README.md's screen picture is out of date");
}
