//! The user's configuration file: default briefing paths, keys, theme, date format, mouse,
//! sort and cache.
//!
//! It is read from `BRIEF_CONFIG` when set (empty: no file), else `brief/config.toml` in the
//! platform's configuration folder (`$XDG_CONFIG_HOME`, else `~/.config`, on Linux). A file
//! that is missing is no problem. Every problem in it (TOML syntax, an unknown key, a wrong
//! value, a key bound twice) is a diagnostic with file, line and column, like a briefing's;
//! the setting it concerns keeps its default and everything else still applies, so a broken
//! config never keeps brief from starting.
//!
//! The file is read with the `toml` crate's spanned document (`toml::de::DeTable`), which keeps
//! the place of every key and value and recovers after a syntax error, so that every problem
//! is found in one pass and located.

use std::ops::Range;
use std::path::PathBuf;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::app::{COMMANDS, KEY_SYNTAX, KeyPress, Keymap, Mode, Rebinding, SortOrder};
use crate::model::Diagnostic;
use crate::model::yaml::Pos;
use crate::text::Refusal;
use crate::ui::{COLOR_SYNTAX, Palette, Role, THEMES};

/// The settings in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Briefing files or folders when none are named and `BRIEF_PATH` is not set.
    pub paths: Vec<PathBuf>,
    pub theme: String,
    pub palette: Palette,
    pub keymap: Keymap,
    /// A strftime format for dates on screen; `None`: ISO dates.
    pub date_format: Option<String>,
    pub mouse: bool,
    pub sort: SortOrder,
    pub cache: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            paths: Vec::new(),
            theme: THEMES[0].to_string(),
            palette: Palette::default(),
            keymap: Keymap::default(),
            date_format: None,
            mouse: true,
            sort: SortOrder::Date,
            cache: true,
        }
    }
}

/// The config as read: the settings, the file they came from, and what was wrong in it.
#[derive(Debug, Clone, Default)]
pub struct UserConfig {
    pub config: Config,
    pub path: Option<PathBuf>,
    pub problems: Vec<Diagnostic>,
}

const SETTINGS: [&str; 8] = [
    "paths",
    "theme",
    "date-format",
    "mouse",
    "sort",
    "cache",
    "keys",
    "colors",
];

/// How dates are written unless the config says otherwise.
const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

const SORTS: [(&str, SortOrder); 3] = [
    ("date", SortOrder::Date),
    ("title", SortOrder::Title),
    ("participants", SortOrder::Participants),
];

/// Where the config is read from: `BRIEF_CONFIG` (empty: nowhere), else
/// `CONFIG_DIR/brief/config.toml`.
pub fn path_from(
    brief_config: Option<std::ffi::OsString>,
    config_dir: Option<PathBuf>,
) -> Option<PathBuf> {
    match brief_config {
        Some(p) if p.is_empty() => None,
        Some(p) => Some(PathBuf::from(p)),
        None => config_dir.map(|d| d.join("brief").join("config.toml")),
    }
}

/// Where this process reads its config from.
pub fn path() -> Option<PathBuf> {
    path_from(std::env::var_os("BRIEF_CONFIG"), dirs::config_dir())
}

/// Reads the config from [`path`].
pub fn load() -> UserConfig {
    let path = path();
    let Some(file) = &path else {
        return UserConfig::default();
    };
    match std::fs::read_to_string(file) {
        Ok(text) => {
            let (config, problems) = parse(&file.display().to_string(), &text);
            UserConfig {
                config,
                path,
                problems,
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => UserConfig {
            path,
            ..UserConfig::default()
        },
        Err(e) => UserConfig {
            problems: vec![Diagnostic::io(
                &file.display().to_string(),
                format!("the config cannot be read ({e}); the defaults are used"),
            )],
            path,
            ..UserConfig::default()
        },
    }
}

/// The config in `text` (read from `file`), and its problems. What is wrong keeps its default.
pub fn parse(file: &str, text: &str) -> (Config, Vec<Diagnostic>) {
    let mut reader = Reader {
        file,
        text,
        problems: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    // What follows a syntax error cannot be trusted (an unclosed string or table header
    // swallows what comes after it): only the lines before the first one apply, read again on
    // their own until they parse cleanly.
    let mut applied = text.len();
    let mut first = errors.iter().map(|e| e.span().unwrap_or(0..0).start).min();
    while let Some(at) = first {
        applied = text[..at.min(applied)].rfind('\n').map_or(0, |i| i + 1);
        first = DeTable::parse_recoverable(&text[..applied])
            .1
            .iter()
            .map(|e| e.span().unwrap_or(0..0).start)
            .min();
    }
    let mut errors: Vec<(Range<usize>, String)> = errors
        .into_iter()
        .map(|e| (e.span().unwrap_or(0..0), e.message().trim().to_string()))
        .collect();
    errors.sort_by_key(|(span, _)| span.start);
    for (n, (span, message)) in errors.into_iter().enumerate() {
        let message = if n == 0 {
            let line = reader.pos(applied).line;
            format!("{message}; nothing from line {line} on applies")
        } else {
            message
        };
        // The same table twice (`[keys]` further down again) is a mistake TOML calls a duplicate
        // key.
        let hint = message.starts_with("duplicate key").then(|| {
            "a setting or a table is written once: put what follows under the first one".to_string()
        });
        reader.error(span, message, hint);
    }
    let root = if applied < text.len() {
        DeTable::parse_recoverable(&text[..applied]).0
    } else {
        root
    };
    let config = reader.config(root.get_ref());
    reader.problems.sort_by_key(|d| (d.line, d.column));
    (config, reader.problems)
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Diagnostic>,
}

type Entry<'t, 'i> = (
    &'t Spanned<std::borrow::Cow<'i, str>>,
    &'t Spanned<DeValue<'i>>,
);

/// A table's entries in the order they are written.
fn in_order<'t, 'i>(table: &'t DeTable<'i>) -> Vec<Entry<'t, 'i>> {
    let mut entries: Vec<Entry> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

impl Reader<'_> {
    fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }

    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>) {
        let d = Diagnostic::error(self.file, self.pos(span.start), message);
        self.problems.push(match hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    }

    fn refused(&mut self, span: Range<usize>, refusal: Refusal) {
        self.error(span, refusal.message, Some(refusal.hint));
    }

    /// An unknown name: the message, and the nearest known name (else all of them) as a hint.
    fn unknown<'n>(
        &mut self,
        span: Range<usize>,
        what: String,
        name: &str,
        known: impl Iterator<Item = &'n str> + Clone,
    ) {
        let all = format!("known: {}", known.clone().collect::<Vec<_>>().join(", "));
        self.refused(span, Refusal::unknown(what, name, known, &all));
    }

    fn wrong_type(&mut self, key: &str, value: &Spanned<DeValue>, wanted: &str) {
        self.error(
            value.span(),
            format!(
                "`{key}` must be {wanted}, not {}; the default is used",
                kind_of(value.get_ref())
            ),
            None,
        );
    }

    fn string<'v>(&mut self, key: &str, value: &'v Spanned<DeValue>) -> Option<&'v str> {
        let s = value.get_ref().as_str();
        if s.is_none() {
            self.wrong_type(key, value, "a string");
        }
        s
    }

    fn bool(&mut self, key: &str, value: &Spanned<DeValue>) -> Option<bool> {
        let b = value.get_ref().as_bool();
        if b.is_none() {
            self.wrong_type(key, value, "true or false");
        }
        b
    }

    fn config(&mut self, root: &DeTable) -> Config {
        let mut config = Config::default();
        // The theme first: colours change it.
        if let Some(value) = root.get("theme")
            && let Some(name) = self.string("theme", value)
        {
            match Palette::named(name) {
                Some(palette) => {
                    config.palette = palette;
                    config.theme = name.to_string();
                }
                None => self.unknown(
                    value.span(),
                    format!("there is no theme `{name}`; the default is used"),
                    name,
                    THEMES.iter().copied(),
                ),
            }
        }
        for (key, value) in in_order(root) {
            let name = key.get_ref().as_ref();
            match name {
                "theme" => {}
                "paths" => config.paths = self.paths(value).unwrap_or_default(),
                "date-format" => config.date_format = self.date_format(value),
                "mouse" => config.mouse = self.bool(name, value).unwrap_or(config.mouse),
                "cache" => config.cache = self.bool(name, value).unwrap_or(config.cache),
                "sort" => {
                    if let Some(s) = self.string(name, value) {
                        match SORTS.iter().find(|(n, _)| *n == s) {
                            Some((_, order)) => config.sort = *order,
                            None => self.unknown(
                                value.span(),
                                format!("`sort` is one of date, title, participants, not `{s}`"),
                                s,
                                SORTS.iter().map(|(n, _)| *n),
                            ),
                        }
                    }
                }
                "colors" => match value.get_ref().as_table() {
                    Some(table) => self.colors(table, &mut config.palette),
                    None => self.wrong_type(name, value, "a table ([colors])"),
                },
                "keys" => match value.get_ref().as_table() {
                    Some(table) => config.keymap = self.keys(table),
                    None => self.wrong_type(name, value, "a table ([keys])"),
                },
                _ => self.unknown(
                    key.span(),
                    format!("unknown setting `{name}`"),
                    name,
                    SETTINGS.iter().copied(),
                ),
            }
        }
        config
    }

    fn paths(&mut self, value: &Spanned<DeValue>) -> Option<Vec<PathBuf>> {
        let items: Vec<&Spanned<DeValue>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(a) => a.iter().collect(),
            _ => {
                self.wrong_type("paths", value, "a list of files or folders");
                return None;
            }
        };
        let mut paths = Vec::new();
        for item in items {
            let text = self.string("paths", item)?;
            paths.push(expand_home(text));
        }
        Some(paths)
    }

    fn date_format(&mut self, value: &Spanned<DeValue>) -> Option<String> {
        use chrono::format::{Item, StrftimeItems};
        let format = self.string("date-format", value)?;
        // A format chrono cannot read would fail when a date is written: refuse it here.
        if format.is_empty() || StrftimeItems::new(format).any(|i| matches!(i, Item::Error)) {
            self.error(
                value.span(),
                format!("`{format}` is not a date format; the default is used"),
                Some(
                    "write it as strftime does: \"%Y-%m-%d\", \"%d %b %Y\", \"%e %B %Y\""
                        .to_string(),
                ),
            );
            return None;
        }
        // The default is what the browser writes without a format.
        (format != DEFAULT_DATE_FORMAT).then(|| format.to_string())
    }

    fn colors(&mut self, table: &DeTable, palette: &mut Palette) {
        for (key, value) in in_order(table) {
            let name = key.get_ref().as_ref();
            let Some(role) = Role::named(name) else {
                self.unknown(
                    key.span(),
                    format!("no element of the theme is called `{name}`"),
                    name,
                    Role::ALL.iter().map(|r| r.name()),
                );
                continue;
            };
            let refused = |message: String| Refusal {
                message,
                hint: COLOR_SYNTAX.to_string(),
            };
            let color = match value.get_ref() {
                DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                    Ok(n @ 0..=255) => Ok(Some(ratatui::style::Color::Indexed(n as u8))),
                    _ => Err(refused(format!("`{i}` is not a 256-colour index (0-255)"))),
                },
                DeValue::String(s) => crate::ui::parse_color(s),
                other => Err(refused(format!(
                    "`{name}` must be a colour, not {}",
                    kind_of(other)
                ))),
            };
            match color {
                Ok(color) => palette.set(role, color),
                Err(mut refusal) => {
                    refusal.message.push_str("; the theme's colour is used");
                    self.refused(value.span(), refusal);
                }
            }
        }
    }

    fn keys(&mut self, table: &DeTable) -> Keymap {
        let mut rebindings = Vec::new();
        let mut places = Vec::new();
        for (key, value) in in_order(table) {
            let name = key.get_ref().as_ref();
            match (
                value.get_ref(),
                Mode::ALL.into_iter().find(|m| m.name() == name),
            ) {
                (DeValue::Table(modes), Some(mode)) => {
                    for (key, value) in in_order(modes) {
                        if let Some(r) = self.rebinding(Some(mode), key, value) {
                            rebindings.push(r);
                            places.push(key.span());
                        }
                    }
                }
                (DeValue::Table(_), None) => self.unknown(
                    key.span(),
                    format!(
                        "`[keys.{name}]` is no mode; the modes are browse, overlay, view, filter"
                    ),
                    name,
                    Mode::ALL.iter().map(|m| m.name()),
                ),
                _ => {
                    if let Some(r) = self.rebinding(None, key, value) {
                        rebindings.push(r);
                        places.push(key.span());
                    }
                }
            }
        }
        let (keymap, conflicts) = Keymap::with(&rebindings);
        for c in conflicts {
            let place = places[c.rebinding].clone();
            self.error(
                place,
                c.message,
                Some("bind the other action to other keys too, or choose another key".to_string()),
            );
        }
        keymap
    }

    fn rebinding(
        &mut self,
        mode: Option<Mode>,
        key: &Spanned<std::borrow::Cow<str>>,
        value: &Spanned<DeValue>,
    ) -> Option<Rebinding> {
        let name = key.get_ref().as_ref();
        let in_mode = |c: &&crate::app::Command| mode.is_none_or(|m| c.modes.contains(&m));
        let Some(command) = crate::app::command_named(name).filter(|&n| in_mode(&&COMMANDS[n]))
        else {
            let where_ = mode.map_or(String::new(), |m| format!(" in {} mode", m.name()));
            self.unknown(
                key.span(),
                format!("no action `{name}`{where_}; its keys stay as they are"),
                name,
                COMMANDS.iter().filter(in_mode).map(|c| c.name),
            );
            return None;
        };
        let items: Vec<&Spanned<DeValue>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(a) => a.iter().collect(),
            other => {
                self.error(
                    value.span(),
                    format!(
                        "`{name}` takes a key or a list of keys, not {}",
                        kind_of(other)
                    ),
                    Some(KEY_SYNTAX.to_string()),
                );
                return None;
            }
        };
        if items.is_empty() {
            self.error(
                value.span(),
                format!("`{name}` needs at least one key; it keeps its keys"),
                Some(KEY_SYNTAX.to_string()),
            );
            return None;
        }
        let mut keys = Vec::new();
        let mut refused = false;
        for item in items {
            let parsed = match item.get_ref() {
                DeValue::String(s) => KeyPress::parse(s),
                other => Err(Refusal {
                    message: format!("a key is a string, not {}", kind_of(other)),
                    hint: KEY_SYNTAX.to_string(),
                }),
            };
            match parsed {
                Ok(k) if !keys.contains(&k) => keys.push(k),
                Ok(_) => {}
                Err(mut refusal) => {
                    refusal
                        .message
                        .push_str(&format!("; `{name}` keeps its keys"));
                    self.refused(item.span(), refusal);
                    refused = true;
                }
            }
        }
        if refused {
            return None;
        }
        Some(Rebinding {
            command,
            mode,
            keys,
        })
    }
}

/// What a TOML value is, with its article: "a string", "an integer".
fn kind_of(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// `~/…` in the user's home.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    }
}

/// `text` as a TOML string.
fn quoted(text: &str) -> String {
    if text.contains(['"', '\\']) {
        format!("'{text}'")
    } else {
        format!("\"{text}\"")
    }
}

/// The commented default config, with the keys in `keymap` (the ones in force).
pub fn default_text(keymap: &Keymap) -> String {
    let defaults = Config::default();
    let mut out = String::from(
        "# brief's configuration. `brief config --path` says where it is read from; every\n\
         # setting may be left out. A wrong value is reported with its line and column and keeps\n\
         # its default.\n\n",
    );
    out.push_str(
        "# Briefing files or folders opened when none are named (BRIEF_PATH wins). ~/ is home.\n\
         paths = []\n\
         # A shipped theme: \"dark\" or \"light\". NO_COLOR turns colours off whatever it says.\n",
    );
    out.push_str(&format!("theme = {}\n", quoted(&defaults.theme)));
    out.push_str(
        "# How the list, the header, a person's view and the zoom write dates, as strftime does\n\
         # (\"%d %b %Y\" gives 06 Mar 2024); the timeline and the chronology keep ISO dates.\n\
         date-format = \"%Y-%m-%d\"\n\
         # Capture the mouse (click to select, wheel to scroll); --no-mouse for one run.\n\
         mouse = true\n\
         # How the list is sorted at start: \"date\", \"title\" or \"participants\" (s changes it).\n\
         sort = \"date\"\n\
         # Keep parsed briefings in a cache (in BRIEF_CACHE_DIR if set); --no-cache for one run.\n\
         cache = true\n\n",
    );
    out.push_str(&format!(
        "# The theme's colours, each changed alone: {COLOR_SYNTAX}.\n\
         # The dark theme's are shown.\n[colors]\n"
    ));
    for role in Role::ALL {
        let value = match defaults.palette.get(role).map(|s| s.true_color) {
            Some(ratatui::style::Color::Rgb(r, g, b)) => format!("\"#{r:02x}{g:02x}{b:02x}\""),
            _ => "\"default\"".to_string(),
        };
        out.push_str(&format!(
            "# {} = {value}  # {}\n",
            role.name(),
            role.about()
        ));
    }
    out.push_str(
        "\n# Keys: an action takes a key or a list of keys. In [keys] they hold in every mode of the\n\
         # action; in [keys.browse], [keys.overlay] (help, zoom, problems), [keys.view] (index,\n\
         # person, chronology) or [keys.filter] (a filter line) in that mode only. One key may not\n",
    );
    out.push_str(&format!(
        "# do two actions in one mode. {}{}.\n# These are the keys in force.\n[keys]\n",
        &KEY_SYNTAX[..1].to_uppercase(),
        &KEY_SYNTAX[1..]
    ));
    let keys_text = |keys: &[KeyPress]| -> String {
        let names: Vec<String> = keys.iter().map(|k| quoted(&k.config_name())).collect();
        match names.as_slice() {
            [one] => one.clone(),
            _ => format!("[{}]", names.join(", ")),
        }
    };
    let mut by_mode: Vec<(Mode, String)> = Vec::new();
    for (n, command) in COMMANDS.iter().enumerate() {
        let first = command.modes.first().copied().unwrap_or(Mode::Browse);
        let same = command
            .modes
            .iter()
            .all(|&m| keymap.keys(n, m) == keymap.keys(n, first));
        if same {
            let line = format!("{} = {}", command.name, keys_text(keymap.keys(n, first)));
            out.push_str(&with_comment(line, command.help));
        } else {
            for &m in command.modes {
                let line = format!("{} = {}", command.name, keys_text(keymap.keys(n, m)));
                by_mode.push((m, with_comment(line, command.help)));
            }
        }
    }
    for mode in Mode::ALL {
        let lines: Vec<&String> = by_mode
            .iter()
            .filter(|(m, _)| *m == mode)
            .map(|(_, l)| l)
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n[keys.{}]\n", mode.name()));
            for l in lines {
                out.push_str(l);
            }
        }
    }
    out
}

fn with_comment(line: String, help: &str) -> String {
    if help.is_empty() {
        format!("{line}\n")
    } else {
        format!("{line:<36}# {help}\n")
    }
}

/// The briefing paths the config names, for commands given none; set once at start.
static DEFAULT_PATHS: std::sync::OnceLock<Vec<PathBuf>> = std::sync::OnceLock::new();

/// Makes the config's `paths` the default for this process.
pub fn set_default_paths(paths: Vec<PathBuf>) {
    let _ = DEFAULT_PATHS.set(paths);
}

/// Where briefings are read from: the paths named, else `BRIEF_PATH`, else the config's
/// `paths`, else `./briefings`, else the bundled briefings.
pub fn origin(paths: &[PathBuf]) -> crate::model::Origin {
    let env_set = std::env::var_os("BRIEF_PATH").is_some_and(|v| !v.is_empty());
    match DEFAULT_PATHS.get() {
        Some(configured) if paths.is_empty() && !env_set && !configured.is_empty() => {
            crate::model::Origin::resolve(configured)
        }
        _ => crate::model::Origin::resolve(paths),
    }
}
