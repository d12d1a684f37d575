//! Shell completions and the man page are generated from the clap definitions: what the binary
//! prints is what generation gives now, and every command is in them.

mod common;

use clap_complete::Shell;
use common::run::run_ok;

fn subcommands() -> Vec<String> {
    brief::cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn each_shells_completion_is_generated_from_the_commands() {
    for (name, shell) in [
        ("bash", Shell::Bash),
        ("zsh", Shell::Zsh),
        ("fish", Shell::Fish),
        ("elvish", Shell::Elvish),
        ("powershell", Shell::PowerShell),
    ] {
        let printed = run_ok(&["completions", name], 0).stdout;
        let generated = String::from_utf8(brief::cli::completion_script(shell)).unwrap();
        assert_eq!(printed, generated, "{name}");
        for command in subcommands() {
            assert!(printed.contains(&command), "{name} lacks {command}");
        }
        assert!(printed.contains("no-cache"), "{name}: the commands' option");
    }
}

#[test]
fn the_man_page_is_generated_from_the_commands_and_names_each() {
    let printed = run_ok(&["man"], 0).stdout;
    let generated = String::from_utf8(brief::cli::man_page().unwrap()).unwrap();
    assert_eq!(printed, generated);
    assert!(
        printed.starts_with(".ie \\n(.g .ds Aq"),
        "roff: {}",
        &printed[..80]
    );
    assert!(printed.contains(".TH brief 1"), "{}", &printed[..200]);
    for command in subcommands() {
        assert!(
            printed.contains(&format!(".SS \"brief {command}\"")),
            "the man page lacks {command}"
        );
    }
}
