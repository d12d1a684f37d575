//! The configuration file: every setting read from a good file, every kind of mistake located
//! (file, line, column) with a suggestion while the rest still applies, rebinding keys (the new
//! key acts, the old one does not, help shows the new one), and the README's example.

mod common;

use brief::app::{Action, COMMANDS, Keymap, Mode, SortOrder, update};
use brief::config::{Config, default_text, parse};
use brief::model::Diagnostic;
use brief::ui::{ColorDepth, Palette, Theme};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const FILE: &str = "config.toml";

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// The one problem `text` has: (line, column, message, hint).
fn one_problem(text: &str) -> (usize, usize, String, Option<String>) {
    let (_, problems) = parse(FILE, text);
    assert_eq!(problems.len(), 1, "{text}\n{problems:#?}");
    let Diagnostic {
        file,
        line,
        column,
        message,
        hint,
        ..
    } = problems.into_iter().next().unwrap();
    assert_eq!(file, FILE);
    (line, column, message, hint)
}

#[test]
fn a_good_config_sets_every_setting() {
    let text = r##"
paths = ["/srv/briefings", "~/notes/briefings"]
theme = "light"
date-format = "%d %b %Y"
mouse = false
sort = "title"
cache = false

[colors]
border-focused = "#ff8800"
match = 208
error = "bright-red"

[keys]
zoom = ["x", "F2"]
[keys.view]
quit = ["q", "Ctrl-q"]
"##;
    let (config, problems) = parse(FILE, text);
    assert_eq!(problems, vec![]);
    assert_eq!(config.paths[0], std::path::PathBuf::from("/srv/briefings"));
    let home = dirs::home_dir().expect("a home folder");
    assert_eq!(config.paths[1], home.join("notes/briefings"));
    assert_eq!(config.theme, "light");
    assert_eq!(config.date_format.as_deref(), Some("%d %b %Y"));
    assert!(!config.mouse && !config.cache);
    assert_eq!(config.sort, SortOrder::Title);
    let theme = Theme::from_palette(&config.palette, ColorDepth::TrueColor);
    use ratatui::style::Color;
    assert_eq!(theme.border_focused.fg, Some(Color::Rgb(255, 136, 0)));
    assert_eq!(theme.matched.fg, Some(Color::Indexed(208)));
    assert_eq!(theme.error.fg, Some(Color::LightRed));
    let light = Theme::from_palette(&Palette::light(), ColorDepth::TrueColor);
    assert_eq!(theme.title, light.title, "the rest is the light theme's");
    let zoom = brief::app::command_named("zoom").unwrap();
    let quit = brief::app::command_named("quit").unwrap();
    let names = |keys: &[brief::app::KeyPress]| -> Vec<String> {
        keys.iter().map(|k| k.config_name()).collect()
    };
    assert_eq!(names(config.keymap.keys(zoom, Mode::Browse)), ["x", "F2"]);
    assert_eq!(names(config.keymap.keys(quit, Mode::View)), ["q", "Ctrl-q"]);
    assert_eq!(names(config.keymap.keys(quit, Mode::Browse)), ["q"]);
}

#[test]
fn an_empty_file_is_the_defaults() {
    assert_eq!(parse(FILE, ""), (Config::default(), vec![]));
}

#[test]
fn mistakes_are_located_with_what_was_meant() {
    let cases: &[(&str, usize, usize, &str, Option<&str>)] = &[
        (
            "mouse = true\nthme = \"light\"\n",
            2,
            1,
            "unknown setting `thme`",
            Some("did you mean `theme`?"),
        ),
        (
            "theme = \"drak\"",
            1,
            9,
            "there is no theme `drak`; the default is used",
            Some("did you mean `dark`?"),
        ),
        (
            "\n\nmouse = \"yes\"",
            3,
            9,
            "`mouse` must be true or false, not a string; the default is used",
            None,
        ),
        (
            "sort = \"titel\"",
            1,
            8,
            "`sort` is one of date, title, participants, not `titel`",
            Some("did you mean `title`?"),
        ),
        (
            "date-format = \"%Q\"",
            1,
            15,
            "`%Q` is not a date format; the default is used",
            Some("write it as strftime does: \"%Y-%m-%d\", \"%d %b %Y\", \"%e %B %Y\""),
        ),
        (
            "[colors]\nselction = 24",
            2,
            1,
            "no element of the theme is called `selction`",
            Some("did you mean `selection`?"),
        ),
        (
            "[colors]\nerror = \"magneta\"",
            2,
            9,
            "`magneta` is not a colour; the theme's colour is used",
            Some("did you mean `magenta`?"),
        ),
        (
            "[colors]\nerror = 300",
            2,
            9,
            "`300` is not a 256-colour index (0-255); the theme's colour is used",
            Some(brief::ui::COLOR_SYNTAX),
        ),
        (
            "[keys]\nzom = \"x\"",
            2,
            1,
            "no action `zom`; its keys stay as they are",
            Some("did you mean `zoom`?"),
        ),
        (
            "[keys]\nzoom = [\"x\", \"PageDwn\"]",
            2,
            14,
            "`PageDwn` is not a key; `zoom` keeps its keys",
            Some("did you mean `PageDown`?"),
        ),
        (
            "[keys.veiw]\nquit = \"x\"",
            1,
            7,
            "`[keys.veiw]` is no mode; the modes are browse, overlay, view, filter",
            Some("did you mean `view`?"),
        ),
        (
            "[keys]\nsort = \"k\"",
            2,
            1,
            "`k` is bound to both `sort` and `up` in browse mode; this binding is left out",
            Some("bind the other action to other keys too, or choose another key"),
        ),
    ];
    for &(text, line, column, message, hint) in cases {
        let got = one_problem(text);
        assert_eq!(
            got,
            (line, column, message.to_string(), hint.map(str::to_string)),
            "{text}"
        );
    }
}

#[test]
fn a_broken_setting_keeps_its_default_and_the_others_apply() {
    let text = "theme = \"light\"\nmouse = \"no\"\nsort = \"participants\"\n[keys]\nzoom = \"Ctrl-\"\nsort = \"o\"\n";
    let (config, problems) = parse(FILE, text);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(config.theme, "light");
    assert!(config.mouse, "the default");
    assert_eq!(config.sort, SortOrder::Participants);
    let zoom = brief::app::command_named("zoom").unwrap();
    let sort = brief::app::command_named("sort").unwrap();
    assert_eq!(config.keymap.keys(zoom, Mode::Browse)[0].config_name(), "z");
    assert_eq!(config.keymap.keys(sort, Mode::Browse)[0].config_name(), "o");
}

#[test]
fn a_syntax_error_is_located_and_what_parsed_still_applies() {
    let (config, problems) = parse(FILE, "theme = \"light\"\nmouse = \n");
    assert_eq!(config.theme, "light");
    let first = &problems[0];
    assert_eq!((first.line, first.column), (2, 9), "{problems:#?}");
    assert!(
        first.to_string().starts_with("config.toml:2:9: error: "),
        "{first}"
    );
}

#[test]
fn a_conflict_between_two_of_the_users_bindings_leaves_out_the_later() {
    let (config, problems) = parse(FILE, "[keys]\nzoom = \"x\"\nsort = \"x\"\n");
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].line, problems[0].column), (3, 1));
    assert!(
        problems[0]
            .message
            .starts_with("`x` is bound to both `sort` and `zoom` in browse mode")
    );
    let sort = brief::app::command_named("sort").unwrap();
    assert_eq!(config.keymap.keys(sort, Mode::Browse)[0].config_name(), "s");
}

#[test]
fn the_default_config_reads_back_as_the_defaults() {
    let text = default_text(&Keymap::default());
    let (config, problems) = parse(FILE, &text);
    assert_eq!(problems, vec![]);
    assert_eq!(config, Config::default());
    // Every action is in it, so that every one can be found and rebound.
    for c in COMMANDS {
        assert!(text.contains(&format!("\n{} = ", c.name)), "{}", c.name);
    }
}

#[test]
fn the_default_config_shows_the_keys_in_force_and_reads_back_as_them() {
    let (config, _) = parse(
        FILE,
        "[keys]\nzoom = \"x\"\n[keys.view]\nquit = \"Ctrl-q\"\n",
    );
    let text = default_text(&config.keymap);
    assert!(text.contains("\nzoom = \"x\""), "{text}");
    assert!(text.contains("\n[keys.view]\nquit = \"Ctrl-q\""), "{text}");
    let (again, problems) = parse(FILE, &text);
    assert_eq!(problems, vec![]);
    assert_eq!(again.keymap, config.keymap);
}

/// A state over the good fixtures with the keys of `config`.
fn state_with(config: &str) -> brief::app::State {
    let (config, problems) = parse(FILE, config);
    assert_eq!(problems, vec![]);
    let mut s = common::state("tests/fixtures/good", 100, 50);
    s.keymap = std::sync::Arc::new(config.keymap);
    s
}

#[test]
fn a_rebound_key_does_the_action_and_the_old_key_no_longer_does() {
    let mut s = state_with("[keys]\nzoom = \"x\"\nhelp = [\"F1\", \"?\"]\n");
    assert_eq!(brief::session::action_for_event(&s, &key('z')), None);
    let action = brief::session::action_for_event(&s, &key('x'));
    assert_eq!(action, Some(Action::Zoom));
    update(&mut s, action.unwrap());
    assert!(s.zoomed, "x zooms");
    let f1 = Event::Key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    assert_eq!(
        brief::session::action_for_event(&s, &f1),
        Some(Action::ToggleHelp)
    );
    // The status line's hints name the keys as bound.
    update(&mut s, Action::Back);
    let screen = common::screen(&s);
    assert!(screen.contains("/ filter · F1 help · q quit"), "{screen}");
}

#[test]
fn help_shows_the_rebound_keys() {
    let mut s =
        state_with("[keys]\nzoom = \"x\"\ndown = [\"j\", \"Down\", \"Ctrl-n\", \"Alt-j\"]\n");
    update(&mut s, Action::ToggleHelp);
    let screen = common::screen(&s);
    assert!(screen.contains(" x "), "{screen}");
    assert!(!screen.contains(" z "), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_readme_example_config_loads_without_problems() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme
        .find("\n## Configuration")
        .expect("a Configuration section")..];
    let start = section.find("```toml\n").expect("an example config") + "```toml\n".len();
    let end = start + section[start..].find("```").expect("the example ends");
    let (config, problems) = parse("README.md", &section[start..end]);
    assert_eq!(problems, vec![]);
    assert_ne!(config, Config::default(), "the example changes something");
}

mod binary {
    //! The config as the `brief` binary reads it.

    use super::common::run::{NO_CONFIG, brief, root, run};

    fn write(dir: &std::path::Path, text: &str) -> String {
        let path = dir.join("config.toml");
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }

    #[test]
    fn config_path_is_brief_config_else_in_xdg_config_home() {
        let r = run(brief().args(["config", "--path"]));
        assert_eq!(
            (r.code, r.stdout.as_str()),
            (0, format!("{NO_CONFIG}\n").as_str())
        );
        assert_eq!(
            r.stderr,
            "brief: there is no file there yet: the defaults are in force\n"
        );
        let home = tempfile::tempdir().unwrap();
        let r = run(brief()
            .env_remove("BRIEF_CONFIG")
            .env("XDG_CONFIG_HOME", home.path())
            .args(["config", "--path"]));
        let expected = home.path().join("brief").join("config.toml");
        assert_eq!(r.stdout, format!("{}\n", expected.display()));
        let r = run(brief()
            .env_remove("BRIEF_CONFIG")
            .env_remove("XDG_CONFIG_HOME")
            .env("HOME", home.path())
            .args(["config", "--path"]));
        let expected = home.path().join(".config/brief/config.toml");
        assert_eq!(
            r.stdout,
            format!("{}\n", expected.display()),
            "else ~/.config"
        );
        let r = run(brief().env("BRIEF_CONFIG", "").args(["config", "--path"]));
        assert_eq!((r.code, r.stdout.as_str()), (0, ""));
        assert!(r.stderr.contains("BRIEF_CONFIG is empty"), "{}", r.stderr);
    }

    #[test]
    fn a_broken_config_is_reported_on_stderr_and_the_command_still_runs() {
        let dir = tempfile::tempdir().unwrap();
        let config = write(dir.path(), "mouse = false\nthme = \"light\"\n");
        let r = run(brief()
            .env("BRIEF_CONFIG", &config)
            .args(["list", "tests/fixtures/good"]));
        assert_eq!(r.code, 0);
        assert_eq!(r.lines().len(), 3);
        assert!(
            r.stderr.starts_with(&format!(
                "{config}:2:1: error: unknown setting `thme`\n  hint: did you mean `theme`?\n"
            )),
            "{}",
            r.stderr
        );
    }

    #[test]
    fn every_bad_key_an_empty_list_and_a_second_keys_table_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone");
        let text = format!(
            "paths = [{:?}]\n[keys]\nhelp = [\"F13\", \"Hyper-a\", \"\"]\nup = []\n[keys]\nzoom = \"x\"\n",
            missing.to_str().unwrap()
        );
        let config = write(dir.path(), &text);
        let r = run(brief().env("BRIEF_CONFIG", &config).arg("list"));
        for said in [
            format!("{config}:3:9: error: `F13` is not a key"),
            format!("{config}:3:16: error: `Hyper-a` is not a key"),
            format!("{config}:3:27: error: `` is not a key"),
            format!("{config}:4:6: error: `up` needs at least one key; it keeps its keys"),
            format!("{config}:5:2: error: duplicate key"),
            "hint: a setting or a table is written once".to_string(),
            // A folder has no line.
            format!("{}: error: cannot read", missing.display()),
        ] {
            assert!(r.stderr.contains(&said), "{said}\n{}", r.stderr);
        }
    }

    #[test]
    fn the_configs_paths_are_read_when_none_are_named_and_brief_path_wins() {
        let dir = tempfile::tempdir().unwrap();
        let good = root().join("tests/fixtures/good");
        let config = write(
            dir.path(),
            &format!("paths = [{:?}]\n", good.to_str().unwrap()),
        );
        let r = run(brief()
            .current_dir(dir.path())
            .env("BRIEF_CONFIG", &config)
            .arg("list"));
        assert_eq!(r.lines().len(), 3, "{}", r.stderr);
        let r = run(brief()
            .current_dir(dir.path())
            .env("BRIEF_CONFIG", &config)
            .env("BRIEF_PATH", root().join("briefings"))
            .arg("list"));
        assert_eq!(r.lines().len(), 15, "{}", r.stderr);
        let r = run(brief()
            .current_dir(dir.path())
            .env("BRIEF_CONFIG", &config)
            .args(["list", root().join("briefings").to_str().unwrap()]));
        assert_eq!(r.lines().len(), 15, "named paths win");
    }

    #[test]
    fn cache_off_in_the_config_keeps_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let list = |config: &str| {
            let r = run(brief()
                .env("BRIEF_CONFIG", write(dir.path(), config))
                .env("BRIEF_CACHE_DIR", &cache)
                .args(["list", "tests/fixtures/good"]));
            assert_eq!(r.code, 0);
        };
        let cached = || std::fs::read_dir(&cache).map_or(0, |d| d.count());
        list("cache = false\n");
        assert_eq!(cached(), 0, "no cache written");
        list("cache = true\n");
        assert!(cached() > 0, "the cache is written by default");
    }

    #[test]
    fn the_default_config_printed_shows_the_keys_in_force_and_reads_back_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let config = write(dir.path(), "[keys]\nzoom = [\"x\", \"Space\"]\n");
        let r = run(brief()
            .env("BRIEF_CONFIG", &config)
            .args(["config", "--default"]));
        assert_eq!((r.code, r.stderr.as_str()), (0, ""));
        assert!(
            r.stdout.contains("\nzoom = [\"x\", \"Space\"]"),
            "{}",
            r.stdout
        );
        let again = write(dir.path(), &r.stdout);
        let r = run(brief()
            .env("BRIEF_CONFIG", &again)
            .args(["list", "tests/fixtures/good"]));
        assert_eq!((r.code, r.stderr.lines().count()), (0, 1), "{}", r.stderr);
    }
}

#[test]
fn hints_on_screen_name_the_keys_in_force() {
    let mut s =
        state_with("[keys]\nback = \"Backspace\"\nquit = \"Q\"\nopen = [\"o\", \"Enter\"]\n");
    update(&mut s, Action::ToggleHelp);
    let help = common::screen(&s);
    assert!(help.contains("Backspace or Q closes"), "{help}");
    assert!(help.contains("Backspace close · ? help"), "{help}");
    update(&mut s, Action::Back);
    update(&mut s, Action::OpenIndex);
    let index = common::screen(&s);
    assert!(
        index.contains("(Tab: next kind, o: their briefings, Backspace: back)"),
        "{index}"
    );
}

/// A browser set up by the config `text` as `brief` sets it up, with or without `--no-mouse`.
fn configured(text: &str, no_mouse: bool) -> brief::app::State {
    let (config, problems) = parse(FILE, text);
    let mut s = common::state("tests/fixtures/good", 100, 50);
    let user = brief::config::UserConfig {
        config,
        path: None,
        problems,
    };
    brief::tui::configure(&mut s, user, false, !no_mouse);
    s
}

#[test]
fn help_speaks_of_the_mouse_only_when_it_is_on() {
    for (text, no_mouse, on) in [
        ("", false, true),
        ("mouse = false\n", false, false),
        ("", true, false),
    ] {
        let mut s = configured(text, no_mouse);
        update(&mut s, Action::ToggleHelp);
        let screen = common::screen(&s);
        assert_eq!(
            screen.contains("Mouse:"),
            on,
            "{text:?} {no_mouse}\n{screen}"
        );
        assert_eq!(s.mouse, on);
    }
}

#[test]
fn nothing_applies_from_a_syntax_error_on_and_it_brings_no_knock_on_errors() {
    let text = "theme = \"light\"\nsort = \"title\n[keys\nzoom = \"x\"\n";
    let (config, problems) = parse(FILE, text);
    assert_eq!(
        config.sort,
        SortOrder::Date,
        "the broken line keeps its default"
    );
    assert_eq!(config.theme, "light", "what comes before it applies");
    let mut s = configured(text, false);
    let screen = common::screen(&s);
    assert!(screen.contains("sort: date"), "{screen}");
    update(&mut s, Action::ToggleDiagnostics);
    let listed = common::screen(&s);
    assert!(
        listed.contains("nothing from line 2 on applies"),
        "{listed}"
    );
    assert!(!listed.contains("unknown setting"), "{listed}");
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn the_status_line_counts_the_configs_problems_once() {
    let s = configured("thme = \"light\"\nsort = \"tilte\"\n", false);
    let screen = common::screen(&s);
    assert_eq!(screen.matches("problems").count(), 1, "{screen}");
    assert!(screen.contains("config: 2 problems (!)"), "{screen}");
}

#[test]
fn keys_are_read_by_the_names_help_shows_them_by() {
    let mut s = configured(
        "[keys]\npage-down = [\"PgDn\", \"Ctrl-f\"]\npage-up = \"PgUp\"\nback = [\"Escape\", \"Backspace\"]\nopen = \"Return\"\n",
        false,
    );
    assert_eq!(s.config_problems, vec![]);
    update(&mut s, Action::ToggleHelp);
    let screen = common::screen(&s);
    assert!(screen.contains("PgDn Ctrl-f"), "{screen}");
    let (line, column, message, hint) = one_problem("[keys]\nzoom = \"Ctrl-Shift-x\"\n");
    assert_eq!((line, column), (2, 8));
    assert!(message.contains("`Ctrl-Shift-x` is not a key"), "{message}");
    let hint = hint.unwrap_or_default();
    assert!(!hint.contains("Shift-Tab`?"), "{hint}");
    assert!(hint.contains("capital letter"), "{hint}");
}
