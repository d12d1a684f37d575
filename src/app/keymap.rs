//! The table of commands, their default keys, and the keymap in force (the defaults with the
//! user's bindings from the config). The help overlay and `brief config --default` are
//! generated from it.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::action::{Action, InputRequest, Pane};

/// Which bindings apply: the overlays take only their own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Browse,
    Overlay,
    /// A filter line has the keyboard: printable keys are typed into it.
    Filter,
    /// The index, a person's briefings or the chronology is open.
    View,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::Browse, Mode::Overlay, Mode::View, Mode::Filter];

    /// The mode's name in the config (`[keys.browse]`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::Overlay => "overlay",
            Mode::Filter => "filter",
            Mode::View => "view",
        }
    }
}

/// Something a key can do: its name in the config, the action, where it applies, what the help
/// says of it and its keys by default.
pub struct Command {
    pub name: &'static str,
    pub action: Action,
    pub modes: &'static [Mode],
    /// Empty: shown on the row of the command before it (`↑ ↓` for the two history keys).
    pub help: &'static str,
    pub keys: &'static [&'static str],
}

const BOTH: &[Mode] = &[Mode::Browse, Mode::Overlay, Mode::View];
const BROWSE_OR_VIEW: &[Mode] = &[Mode::Browse, Mode::View];
const BROWSE: &[Mode] = &[Mode::Browse];
const FILTER: &[Mode] = &[Mode::Filter];
const EVERYWHERE: &[Mode] = &[Mode::Browse, Mode::Overlay, Mode::Filter, Mode::View];

const fn command(
    name: &'static str,
    action: Action,
    modes: &'static [Mode],
    keys: &'static [&'static str],
    help: &'static str,
) -> Command {
    Command {
        name,
        action,
        modes,
        help,
        keys,
    }
}

pub const COMMANDS: &[Command] = &[
    command("down", Action::Down, BOTH, &["j", "Down"], "move down"),
    command("up", Action::Up, BOTH, &["k", "Up"], "move up"),
    command("top", Action::Top, BOTH, &["g", "Home"], "first item"),
    command("bottom", Action::Bottom, BOTH, &["G", "End"], "last item"),
    command(
        "half-page-down",
        Action::HalfPageDown,
        BOTH,
        &["Ctrl-d"],
        "half a page down",
    ),
    command(
        "half-page-up",
        Action::HalfPageUp,
        BOTH,
        &["Ctrl-u"],
        "half a page up",
    ),
    command(
        "page-down",
        Action::PageDown,
        BOTH,
        &["PageDown"],
        "page down",
    ),
    command("page-up", Action::PageUp, BOTH, &["PageUp"], "page up"),
    command(
        "next-pane",
        Action::FocusNext,
        BROWSE_OR_VIEW,
        &["Tab"],
        "next pane (in the index: next kind)",
    ),
    command(
        "previous-pane",
        Action::FocusPrev,
        BROWSE_OR_VIEW,
        &["Shift-Tab"],
        "previous pane",
    ),
    command(
        "focus-list",
        Action::Focus(Pane::List),
        BROWSE,
        &["1"],
        "briefing list",
    ),
    command(
        "focus-timeline",
        Action::Focus(Pane::Timeline),
        BROWSE,
        &["2"],
        "timeline",
    ),
    command(
        "focus-participants",
        Action::Focus(Pane::Participants),
        BROWSE,
        &["3"],
        "participants",
    ),
    command(
        "focus-agenda",
        Action::Focus(Pane::Agenda),
        BROWSE,
        &["4"],
        "agenda",
    ),
    command(
        "focus-outcomes",
        Action::Focus(Pane::Outcomes),
        BROWSE,
        &["5"],
        "outcomes",
    ),
    command(
        "left",
        Action::Left,
        BROWSE,
        &["h", "Left"],
        "towards the list",
    ),
    command(
        "right",
        Action::Right,
        BROWSE,
        &["l", "Right"],
        "towards the panes",
    ),
    command(
        "open",
        Action::Open,
        BROWSE_OR_VIEW,
        &["Enter"],
        "open: the briefing, a participant's briefings, an index entry",
    ),
    command("back", Action::Back, BOTH, &["Esc"], "close / go back"),
    command("help", Action::ToggleHelp, BOTH, &["?"], "this help"),
    command(
        "problems",
        Action::ToggleDiagnostics,
        BOTH,
        &["!"],
        "load problems (file and line)",
    ),
    command(
        "filter",
        Action::StartFilter,
        BROWSE_OR_VIEW,
        &["/"],
        "filter the list, the focused pane or the index",
    ),
    command(
        "next-match",
        Action::NextMatch,
        BROWSE,
        &["n"],
        "next match across the panes",
    ),
    command(
        "previous-match",
        Action::PrevMatch,
        BROWSE,
        &["N"],
        "previous match",
    ),
    command(
        "zoom",
        Action::Zoom,
        BROWSE,
        &["z"],
        "read the focused item, or the briefing, whole",
    ),
    command(
        "sort",
        Action::CycleSort,
        BROWSE,
        &["s"],
        "sort the list: date, title, participants",
    ),
    command(
        "index",
        Action::OpenIndex,
        BROWSE,
        &["i"],
        "index of people, organizations, countries, tags",
    ),
    command(
        "chronology",
        Action::OpenChronology,
        BROWSE,
        &["c"],
        "chronology of the listed briefings",
    ),
    command(
        "copy-item",
        Action::CopyItem,
        BROWSE,
        &["y"],
        "copy the focused item (OSC 52)",
    ),
    command(
        "copy-briefing",
        Action::CopyBriefing,
        BROWSE,
        &["Y"],
        "copy the briefing as Markdown",
    ),
    command(
        "edit",
        Action::OpenInEditor,
        BROWSE,
        &["e"],
        "edit the briefing in $VISUAL or $EDITOR, at the focused item",
    ),
    command(
        "quit",
        Action::Quit,
        BOTH,
        &["q"],
        "quit (in help, zoom, problems or a view: close it)",
    ),
    command(
        "interrupt",
        Action::Interrupt,
        EVERYWHERE,
        &["Ctrl-c"],
        "quit from anywhere",
    ),
    command(
        "suspend",
        Action::Suspend,
        BOTH,
        &["Ctrl-z"],
        "suspend (fg resumes)",
    ),
    command(
        "accept-filter",
        Action::AcceptFilter,
        FILTER,
        &["Enter"],
        "filter line: keep the filter",
    ),
    command(
        "cancel-filter",
        Action::CancelFilter,
        FILTER,
        &["Esc"],
        "filter line: clear it",
    ),
    command(
        "history-previous",
        Action::HistoryPrev,
        FILTER,
        &["Up"],
        "filter line: earlier queries",
    ),
    command("history-next", Action::HistoryNext, FILTER, &["Down"], ""),
    command(
        "cursor-left",
        Action::Edit(InputRequest::GoToPrevChar),
        FILTER,
        &["Left"],
        "filter line: move",
    ),
    command(
        "cursor-right",
        Action::Edit(InputRequest::GoToNextChar),
        FILTER,
        &["Right"],
        "",
    ),
    command(
        "line-start",
        Action::Edit(InputRequest::GoToStart),
        FILTER,
        &["Home", "Ctrl-a"],
        "filter line: start, end",
    ),
    command(
        "line-end",
        Action::Edit(InputRequest::GoToEnd),
        FILTER,
        &["End", "Ctrl-e"],
        "",
    ),
    command(
        "delete-back",
        Action::Edit(InputRequest::DeletePrevChar),
        FILTER,
        &["Backspace"],
        "filter line: delete the character before, after",
    ),
    command(
        "delete-forward",
        Action::Edit(InputRequest::DeleteNextChar),
        FILTER,
        &["Delete"],
        "",
    ),
    command(
        "delete-word",
        Action::Edit(InputRequest::DeletePrevWord),
        FILTER,
        &["Ctrl-w"],
        "filter line: delete a word",
    ),
    command(
        "clear-line",
        Action::Edit(InputRequest::DeleteLine),
        FILTER,
        &["Ctrl-u"],
        "filter line: clear",
    ),
];

/// The command called `name` in the config, by its place in [`COMMANDS`].
pub fn command_named(name: &str) -> Option<usize> {
    COMMANDS.iter().position(|c| c.name == name)
}

/// A key with its modifiers, as bound. Shift is part of a capital letter, not a modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// Named keys: the name written in the config, the name the help shows, the key.
const NAMED_KEYS: &[(&str, &str, KeyCode)] = &[
    ("Up", "↑", KeyCode::Up),
    ("Down", "↓", KeyCode::Down),
    ("Left", "←", KeyCode::Left),
    ("Right", "→", KeyCode::Right),
    ("Home", "Home", KeyCode::Home),
    ("End", "End", KeyCode::End),
    ("PageUp", "PgUp", KeyCode::PageUp),
    ("PageDown", "PgDn", KeyCode::PageDown),
    ("Tab", "Tab", KeyCode::Tab),
    ("Shift-Tab", "Shift-Tab", KeyCode::BackTab),
    ("Enter", "Enter", KeyCode::Enter),
    ("Esc", "Esc", KeyCode::Esc),
    ("Backspace", "Backspace", KeyCode::Backspace),
    ("Delete", "Delete", KeyCode::Delete),
    ("Insert", "Insert", KeyCode::Insert),
    ("Space", "Space", KeyCode::Char(' ')),
];

/// Other names a key is known by, read as well: the names the help and README show (`PgDn`,
/// `↑`) and common alternatives.
const KEY_ALIASES: &[(&str, KeyCode)] = &[
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("PgDown", KeyCode::PageDown),
    ("Escape", KeyCode::Esc),
    ("Return", KeyCode::Enter),
    ("Del", KeyCode::Delete),
    ("Ins", KeyCode::Insert),
    ("BackTab", KeyCode::BackTab),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
];

/// How keys are written, for messages.
pub const KEY_SYNTAX: &str = "keys are written as `j`, `G`, `?`, `Ctrl-d`, `Alt-x`, `PageDown`, `Shift-Tab`, `F5` or `Space`";

impl KeyPress {
    /// The press a key event stands for: Shift is dropped from characters (the capital says
    /// it) and from Shift-Tab, which terminals send either way.
    pub fn of_event(key: KeyEvent) -> KeyPress {
        let modifiers = match key.code {
            KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
            _ => key.modifiers,
        };
        KeyPress {
            code: key.code,
            modifiers,
        }
    }

    /// Reads a key as the config writes it (`j`, `Ctrl-d`, `PageDown`, `F5`); the error says
    /// what is wrong, with the nearest key name when there is one.
    pub fn parse(text: &str) -> Result<KeyPress, crate::text::Refusal> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (modifier, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else {
                break;
            };
            // A lone `-` after the prefix is the key `-` itself (`Ctrl--`).
            if rest.len() == len {
                break;
            }
            modifiers |= modifier;
            rest = &rest[len..];
        }
        let named = NAMED_KEYS
            .iter()
            .map(|&(name, _, code)| (name, code))
            .chain(KEY_ALIASES.iter().copied())
            .find(|(name, _)| name.eq_ignore_ascii_case(rest))
            .map(|(_, code)| code);
        let mut chars = rest.chars();
        let code = match (named, chars.next(), chars.next()) {
            (Some(code), ..) => code,
            (None, Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ if rest.len() > 6 && rest[..6].eq_ignore_ascii_case("shift-") => {
                return Err(crate::text::Refusal {
                    message: format!("`{text}` is not a key"),
                    hint: "Shift is written with the capital letter (`G`, `Ctrl-N`); Shift-Tab is \
                           the only key named with it"
                        .to_string(),
                });
            }
            _ => {
                let function = rest
                    .strip_prefix(['F', 'f'])
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=12).contains(n))
                    .map(KeyCode::F);
                match function {
                    Some(code) => code,
                    None => {
                        return Err(crate::text::Refusal::unknown(
                            format!("`{text}` is not a key"),
                            rest,
                            NAMED_KEYS.iter().map(|(name, ..)| *name),
                            KEY_SYNTAX,
                        ));
                    }
                }
            }
        };
        Ok(KeyPress { code, modifiers })
    }

    /// The key as the config writes it: [`KeyPress::parse`] reads it back.
    pub fn config_name(&self) -> String {
        self.name(|(config, ..)| config)
    }

    /// The key as the help shows it (arrows as arrows).
    pub fn help_name(&self) -> String {
        self.name(|(_, help, _)| help)
    }

    fn name(
        &self,
        pick: impl Fn(&(&'static str, &'static str, KeyCode)) -> &'static str,
    ) -> String {
        let mut out = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        match NAMED_KEYS.iter().find(|(.., code)| *code == self.code) {
            Some(named) => out.push_str(pick(named)),
            None => match self.code {
                KeyCode::Char(c) => out.push(c),
                KeyCode::F(n) => out.push_str(&format!("F{n}")),
                other => out.push_str(&format!("{other:?}")),
            },
        }
        out
    }
}

/// A binding the user asked for: a command's keys, in one mode or (`None`) in all of its modes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebinding {
    pub command: usize,
    pub mode: Option<Mode>,
    pub keys: Vec<KeyPress>,
}

/// A rebinding left out because one of its keys does something else in the same mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The rebinding left out, by its place in the list given.
    pub rebinding: usize,
    pub message: String,
}

/// The keys in force: for each command and each of its modes, the keys that do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// (command, mode, keys), in the order of [`COMMANDS`].
    bindings: Vec<(usize, Mode, Vec<KeyPress>)>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::with(&[]).0
    }
}

impl Keymap {
    /// The default keys with `rebindings` applied (one for a mode wins over one for all modes,
    /// a later one over an earlier). A rebinding that would give a key two actions in one mode
    /// is left out, and said.
    pub fn with(rebindings: &[Rebinding]) -> (Keymap, Vec<Conflict>) {
        let mut kept: Vec<bool> = vec![true; rebindings.len()];
        let mut conflicts = Vec::new();
        loop {
            let (keymap, owner) = Keymap::build(rebindings, &kept);
            match keymap.first_conflict(&owner) {
                None => return (keymap, conflicts),
                Some((rebinding, message)) => {
                    kept[rebinding] = false;
                    conflicts.push(Conflict { rebinding, message });
                }
            }
        }
    }

    /// The keymap from the kept rebindings, and for each binding the rebinding that set it.
    fn build(rebindings: &[Rebinding], kept: &[bool]) -> (Keymap, Vec<Option<usize>>) {
        let mut bindings = Vec::new();
        let mut owner = Vec::new();
        for (n, command) in COMMANDS.iter().enumerate() {
            for &mode in command.modes {
                let chosen = rebindings
                    .iter()
                    .enumerate()
                    .filter(|&(i, r)| kept[i] && r.command == n && r.mode.is_none_or(|m| m == mode))
                    // A rebinding for the mode wins; among equals, the last.
                    .max_by_key(|&(i, r)| (r.mode.is_some(), i));
                let keys = match chosen {
                    Some((_, r)) => r.keys.clone(),
                    None => command
                        .keys
                        .iter()
                        .filter_map(|k| KeyPress::parse(k).ok())
                        .collect(),
                };
                bindings.push((n, mode, keys));
                owner.push(chosen.map(|(i, _)| i));
            }
        }
        (Keymap { bindings }, owner)
    }

    /// The first key bound to two commands in one mode: the rebinding to leave out (the later
    /// one when both are the user's) and what to say.
    fn first_conflict(&self, owner: &[Option<usize>]) -> Option<(usize, String)> {
        for (a, (ca, mode, keys_a)) in self.bindings.iter().enumerate() {
            for (b, (cb, mode_b, keys_b)) in self.bindings.iter().enumerate().skip(a + 1) {
                if mode != mode_b || ca == cb {
                    continue;
                }
                let Some(key) = keys_a.iter().find(|k| keys_b.contains(k)) else {
                    continue;
                };
                let (blamed, this, other) = match (owner[a], owner[b]) {
                    (Some(x), Some(y)) if x > y => (x, *ca, *cb),
                    (_, Some(y)) => (y, *cb, *ca),
                    (Some(x), None) => (x, *ca, *cb),
                    // The defaults never conflict (a test says so).
                    (None, None) => continue,
                };
                let (this, other) = (&COMMANDS[this], &COMMANDS[other]);
                let message = format!(
                    "`{}` is bound to both `{}` and `{}` in {} mode; this binding is left out",
                    key.config_name(),
                    this.name,
                    other.name,
                    mode.name()
                );
                return Some((blamed, message));
            }
        }
        None
    }

    /// The keys that do `command` in `mode`.
    pub fn keys(&self, command: usize, mode: Mode) -> &[KeyPress] {
        self.bindings
            .iter()
            .find(|(c, m, _)| *c == command && *m == mode)
            .map_or(&[], |(.., keys)| keys)
    }

    /// The keys that do `command` in any of its modes, each once, in order.
    pub fn all_keys(&self, command: usize) -> Vec<KeyPress> {
        let mut keys: Vec<KeyPress> = Vec::new();
        for (_, _, ks) in self.bindings.iter().filter(|(c, ..)| *c == command) {
            for k in ks {
                if !keys.contains(k) {
                    keys.push(*k);
                }
            }
        }
        keys
    }

    /// The help's rows: the keys (as the help writes them) and what they do. Commands without
    /// a help text join the row before; commands `hidden` says are not offered are left out.
    pub fn help_rows(&self, hidden: impl Fn(&Action) -> bool) -> Vec<(String, &'static str)> {
        let mut rows: Vec<(String, &'static str)> = Vec::new();
        for (n, command) in COMMANDS.iter().enumerate() {
            if hidden(&command.action) {
                continue;
            }
            let keys: Vec<String> = self.all_keys(n).iter().map(KeyPress::help_name).collect();
            let keys = keys.join(" ");
            match rows.last_mut() {
                Some((row, _)) if command.help.is_empty() => {
                    if !keys.is_empty() {
                        row.push(' ');
                        row.push_str(&keys);
                    }
                }
                _ => rows.push((keys, command.help)),
            }
        }
        // A command whose keys were all taken away has nothing to show.
        rows.retain(|(keys, _)| !keys.is_empty());
        rows
    }

    /// The action bound to a key press in `mode`, if any.
    pub fn action_for_key(&self, key: KeyEvent, mode: Mode) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let press = KeyPress::of_event(key);
        let bound = self
            .bindings
            .iter()
            .find(|(_, m, keys)| *m == mode && keys.contains(&press))
            .map(|(c, ..)| COMMANDS[*c].action.clone());
        match (bound, mode, key.code) {
            (Some(a), ..) => Some(a),
            // In a filter line every other printable key is text.
            (None, Mode::Filter, KeyCode::Char(c))
                if !press
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(Action::Edit(InputRequest::InsertChar(c)))
            }
            _ => None,
        }
    }
}

/// The action bound to a key press in `mode` by the default keys.
pub fn action_for_key(key: KeyEvent, mode: Mode) -> Option<Action> {
    default_keymap().action_for_key(key, mode)
}

/// The default keymap, built once.
pub fn default_keymap() -> &'static Keymap {
    static DEFAULT: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(Keymap::default)
}

/// The action for a mouse event: clicks and the wheel.
pub fn action_for_mouse(event: MouseEvent) -> Option<Action> {
    let (column, row) = (event.column, event.row);
    match event.kind {
        MouseEventKind::Down(crossterm::event::MouseButton::Left) => {
            Some(Action::Click { column, row })
        }
        MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_is_written_as_the_config_reads_it_and_none_conflict() {
        for c in COMMANDS {
            for k in c.keys {
                let press = KeyPress::parse(k).unwrap_or_else(|e| panic!("{}: {e:?}", c.name));
                assert_eq!(KeyPress::parse(&press.config_name()), Ok(press), "{k}");
            }
        }
        let (_, conflicts) = Keymap::with(&[]);
        assert_eq!(conflicts, vec![]);
        let names: std::collections::HashSet<_> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), COMMANDS.len(), "command names are unique");
    }

    #[test]
    fn key_names_are_read_with_modifiers_and_suggestions() {
        let ctrl_d = KeyPress {
            code: KeyCode::Char('d'),
            modifiers: KeyModifiers::CONTROL,
        };
        assert_eq!(KeyPress::parse("ctrl-d"), Ok(ctrl_d));
        assert_eq!(KeyPress::parse("F5").map(|k| k.code), Ok(KeyCode::F(5)));
        assert_eq!(
            KeyPress::parse("Ctrl--").map(|k| k.code),
            Ok(KeyCode::Char('-'))
        );
        let refusal = KeyPress::parse("PageDwn").unwrap_err();
        assert_eq!(refusal.message, "`PageDwn` is not a key");
        assert_eq!(refusal.hint, "did you mean `PageDown`?");
        assert!(KeyPress::parse("").is_err());
        // The names the help shows, and common other names, read as the keys they name.
        for pair in "PgDn=PageDown PgUp=PageUp Escape=Esc Return=Enter ↓=Down".split(' ') {
            let (alias, name) = pair.split_once('=').unwrap_or_default();
            assert_eq!(KeyPress::parse(alias), KeyPress::parse(name), "{alias}");
        }
        let refusal = KeyPress::parse("Ctrl-Shift-x").unwrap_err();
        assert!(!refusal.hint.contains("did you mean"), "{}", refusal.hint);
    }
}
