//! Every colour and emphasis of the UI, for each colour depth, in one place.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    /// `NO_COLOR`: emphasis by bold, underline and reverse only.
    Mono,
    Ansi16,
    Indexed256,
    TrueColor,
}

impl ColorDepth {
    /// From the environment: `NO_COLOR` (any value) wins, then `COLORTERM`, then `TERM`.
    pub fn detect(
        no_color: Option<&str>,
        colorterm: Option<&str>,
        term: Option<&str>,
    ) -> ColorDepth {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return ColorDepth::Mono;
        }
        if colorterm.is_some_and(|c| c.contains("truecolor") || c.contains("24bit")) {
            return ColorDepth::TrueColor;
        }
        match term {
            Some(t) if t.contains("256") => ColorDepth::Indexed256,
            Some("dumb") => ColorDepth::Mono,
            _ => ColorDepth::Ansi16,
        }
    }

    pub fn from_env() -> ColorDepth {
        let var = |k| std::env::var(k).ok();
        ColorDepth::detect(
            var("NO_COLOR").as_deref(),
            var("COLORTERM").as_deref(),
            var("TERM").as_deref(),
        )
    }
}

/// A colour for each colour depth: shipped themes choose each by hand; a colour from the config
/// is brought down to the depths below it by [`Shade::from_color`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shade {
    pub true_color: Color,
    pub indexed: Color,
    pub ansi: Color,
}

impl Shade {
    const fn of(rgb: (u8, u8, u8), indexed: u8, ansi: Color) -> Shade {
        Shade {
            true_color: Color::Rgb(rgb.0, rgb.1, rgb.2),
            indexed: Color::Indexed(indexed),
            ansi,
        }
    }

    /// A colour as written in the config, with the nearest colour of each smaller palette.
    pub fn from_color(color: Color) -> Shade {
        match color {
            Color::Rgb(r, g, b) => Shade {
                true_color: color,
                indexed: Color::Indexed(nearest_indexed((r, g, b))),
                ansi: ANSI[nearest_ansi((r, g, b))].1,
            },
            Color::Indexed(n) => Shade {
                true_color: color,
                indexed: color,
                ansi: ANSI[nearest_ansi(indexed_rgb(n))].1,
            },
            named => Shade {
                true_color: named,
                indexed: named,
                ansi: named,
            },
        }
    }

    fn at(self, depth: ColorDepth) -> Option<Color> {
        match depth {
            ColorDepth::Mono => None,
            ColorDepth::Ansi16 => Some(self.ansi),
            ColorDepth::Indexed256 => Some(self.indexed),
            ColorDepth::TrueColor => Some(self.true_color),
        }
    }
}

/// The 16 colours by name, with the RGB xterm gives them (for the nearest match).
const ANSI: [(&str, Color, (u8, u8, u8)); 16] = [
    ("black", Color::Black, (0, 0, 0)),
    ("red", Color::Red, (205, 0, 0)),
    ("green", Color::Green, (0, 205, 0)),
    ("yellow", Color::Yellow, (205, 205, 0)),
    ("blue", Color::Blue, (0, 0, 238)),
    ("magenta", Color::Magenta, (205, 0, 205)),
    ("cyan", Color::Cyan, (0, 205, 205)),
    ("gray", Color::Gray, (229, 229, 229)),
    ("dark-gray", Color::DarkGray, (127, 127, 127)),
    ("bright-red", Color::LightRed, (255, 0, 0)),
    ("bright-green", Color::LightGreen, (0, 255, 0)),
    ("bright-yellow", Color::LightYellow, (255, 255, 0)),
    ("bright-blue", Color::LightBlue, (92, 92, 255)),
    ("bright-magenta", Color::LightMagenta, (255, 0, 255)),
    ("bright-cyan", Color::LightCyan, (0, 255, 255)),
    ("white", Color::White, (255, 255, 255)),
];

fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).unsigned_abs();
    d(a.0, b.0).pow(2) + d(a.1, b.1).pow(2) + d(a.2, b.2).pow(2)
}

fn nearest_ansi(rgb: (u8, u8, u8)) -> usize {
    (0..ANSI.len())
        .min_by_key(|&i| distance(rgb, ANSI[i].2))
        .unwrap_or(0)
}

const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The RGB of a colour of the 256-colour palette.
fn indexed_rgb(n: u8) -> (u8, u8, u8) {
    match n {
        0..=15 => ANSI[usize::from(n)].2,
        16..=231 => {
            let i = n - 16;
            (
                CUBE[usize::from(i / 36)],
                CUBE[usize::from(i / 6 % 6)],
                CUBE[usize::from(i % 6)],
            )
        }
        _ => {
            let level = 8 + 10 * (n - 232);
            (level, level, level)
        }
    }
}

/// The nearest colour of the 6x6x6 cube or the grey ramp (never the 16, which terminals redefine).
fn nearest_indexed(rgb: (u8, u8, u8)) -> u8 {
    (16..=255u8)
        .min_by_key(|&n| distance(rgb, indexed_rgb(n)))
        .unwrap_or(16)
}

/// Reads a colour as the config writes it: a name of the 16 (`red`, `bright-blue`, `dark-gray`),
/// `#rrggbb`, or `default` (the terminal's own, `None`). 256-colour indices are numbers, read by
/// the config. The error says what is wrong, with the nearest name when there is one.
pub fn parse_color(text: &str) -> Result<Option<Color>, crate::text::Refusal> {
    let lower = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    if lower == "default" {
        return Ok(None);
    }
    if let Some(hex) = lower.strip_prefix('#') {
        let byte = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        return match (hex.len(), byte(0), byte(2), byte(4)) {
            (6, Some(r), Some(g), Some(b)) => Ok(Some(Color::Rgb(r, g, b))),
            _ => Err(crate::text::Refusal {
                message: format!("`{text}` is not a colour"),
                hint: "write #rrggbb with six hex digits".to_string(),
            }),
        };
    }
    let alias = match lower.as_str() {
        "grey" => "gray",
        "dark-grey" | "bright-black" => "dark-gray",
        other => other,
    }
    .replacen("light-", "bright-", 1);
    if let Some((_, color, _)) = ANSI.iter().find(|(name, ..)| *name == alias) {
        return Ok(Some(*color));
    }
    Err(crate::text::Refusal::unknown(
        format!("`{text}` is not a colour"),
        &lower,
        ANSI.iter().map(|(name, ..)| *name).chain(["default"]),
        COLOR_SYNTAX,
    ))
}

/// How colours are written, for messages and the default config.
pub const COLOR_SYNTAX: &str = "colours are one of the 16 names (red, bright-blue, dark-gray...), a 256-colour index (0-255), #rrggbb or default";

/// What each colour of a theme is for, by the name the config gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Text,
    Dim,
    Title,
    Label,
    Border,
    BorderFocused,
    Selection,
    SelectionText,
    Linked,
    Match,
    Error,
    Warning,
    Key,
    Input,
    Agreement,
    Decision,
    Statement,
    Commitment,
    FollowUp,
}

impl Role {
    pub const ALL: [Role; 19] = [
        Role::Text,
        Role::Dim,
        Role::Title,
        Role::Label,
        Role::Border,
        Role::BorderFocused,
        Role::Selection,
        Role::SelectionText,
        Role::Linked,
        Role::Match,
        Role::Error,
        Role::Warning,
        Role::Key,
        Role::Input,
        Role::Agreement,
        Role::Decision,
        Role::Statement,
        Role::Commitment,
        Role::FollowUp,
    ];

    pub fn name(self) -> &'static str {
        self.describe().0
    }

    /// What the colour is for, in the default config.
    pub fn about(self) -> &'static str {
        self.describe().1
    }

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Role::Text => ("text", "ordinary text"),
            Role::Dim => ("dim", "dates, hints, secondary text"),
            Role::Title => ("title", "headings"),
            Role::Label => ("label", "field names, the source, messages"),
            Role::Border => ("border", "borders of panes without focus, tabs"),
            Role::BorderFocused => ("border-focused", "the focused pane's border"),
            Role::Selection => ("selection", "the selected row's background"),
            Role::SelectionText => ("selection-text", "the selected row's text"),
            Role::Linked => ("linked", "the ● marker: items of the focused participant"),
            Role::Match => ("match", "letters a filter matched, and the › marker"),
            Role::Error => ("error", "errors (load problems, a bad query)"),
            Role::Warning => ("warning", "warnings, loading, stale briefings"),
            Role::Key => ("key", "keys in the help"),
            Role::Input => ("input", "the filter line"),
            Role::Agreement => ("agreement", "outcomes of kind agreement"),
            Role::Decision => ("decision", "outcomes of kind decision"),
            Role::Statement => ("statement", "outcomes of kind statement"),
            Role::Commitment => ("commitment", "outcomes of kind commitment"),
            Role::FollowUp => ("follow-up", "outcomes of kind follow-up"),
        }
    }

    pub fn named(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// A theme's colours, one per [`Role`]; `None` is the terminal's own colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    shades: [Option<Shade>; Role::ALL.len()],
}

/// The few colours a shipped theme is made of.
struct Inks {
    accent: Shade,
    dim: Shade,
    selection: Shade,
    selection_text: Shade,
    linked: Shade,
    warning: Shade,
    error: Shade,
    agreement: Shade,
    statement: Shade,
    commitment: Shade,
}

/// The themes shipped, by name; the first is the default.
pub const THEMES: [&str; 2] = ["dark", "light"];

impl Palette {
    pub fn named(name: &str) -> Option<Palette> {
        match name {
            "dark" => Some(Palette::dark()),
            "light" => Some(Palette::light()),
            _ => None,
        }
    }

    /// For dark backgrounds: the colours brief has always had.
    pub fn dark() -> Palette {
        let yellow = Shade::of((229, 192, 123), 179, Color::Yellow);
        Palette::from_inks(Inks {
            accent: Shade::of((97, 175, 239), 75, Color::Cyan),
            dim: Shade::of((128, 134, 148), 245, Color::DarkGray),
            selection: Shade::of((40, 62, 92), 24, Color::Blue),
            selection_text: Shade::of((240, 240, 240), 255, Color::White),
            linked: yellow,
            warning: yellow,
            error: Shade::of((224, 108, 117), 167, Color::Red),
            agreement: Shade::of((152, 195, 121), 114, Color::Green),
            statement: Shade::of((198, 120, 221), 176, Color::Magenta),
            commitment: Shade::of((86, 182, 194), 73, Color::Cyan),
        })
    }

    /// For light backgrounds: darker inks, a pale selection.
    pub fn light() -> Palette {
        let violet = Shade::of((130, 80, 223), 98, Color::Magenta);
        Palette::from_inks(Inks {
            accent: Shade::of((9, 105, 218), 26, Color::Blue),
            dim: Shade::of((106, 115, 125), 243, Color::DarkGray),
            selection: Shade::of((207, 226, 255), 153, Color::Cyan),
            selection_text: Shade::of((36, 41, 47), 235, Color::Black),
            linked: violet,
            warning: Shade::of((154, 103, 0), 136, Color::Yellow),
            error: Shade::of((207, 34, 46), 160, Color::Red),
            agreement: Shade::of((26, 127, 55), 28, Color::Green),
            statement: violet,
            commitment: Shade::of((27, 124, 131), 30, Color::Cyan),
        })
    }

    /// A shipped theme from its few inks: the accent serves titles, labels, keys, the focused
    /// border and decisions; matches share the linked ink, follow-ups the warning's.
    fn from_inks(inks: Inks) -> Palette {
        Palette::from_roles(|role| match role {
            Role::Text => None,
            Role::Dim | Role::Border => Some(inks.dim),
            Role::Title
            | Role::Label
            | Role::Key
            | Role::Input
            | Role::BorderFocused
            | Role::Decision => Some(inks.accent),
            Role::Selection => Some(inks.selection),
            Role::SelectionText => Some(inks.selection_text),
            Role::Linked | Role::Match => Some(inks.linked),
            Role::Warning | Role::FollowUp => Some(inks.warning),
            Role::Error => Some(inks.error),
            Role::Agreement => Some(inks.agreement),
            Role::Statement => Some(inks.statement),
            Role::Commitment => Some(inks.commitment),
        })
    }

    fn from_roles(shade: impl Fn(Role) -> Option<Shade>) -> Palette {
        Palette {
            shades: Role::ALL.map(shade),
        }
    }

    pub fn get(&self, role: Role) -> Option<Shade> {
        self.shades[role as usize]
    }

    /// The palette with `role` in `color` (`None`: the terminal's own).
    pub fn set(&mut self, role: Role, color: Option<Color>) {
        self.shades[role as usize] = color.map(Shade::from_color);
    }
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::dark()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub depth: ColorDepth,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub label: Style,
    pub border: Style,
    pub border_focused: Style,
    /// The selected row of the focused pane.
    pub selected: Style,
    /// The selected row of a pane without focus.
    pub selected_unfocused: Style,
    /// Items linked to the focus (a participant's timeline events).
    pub linked: Style,
    pub error: Style,
    pub warning: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub key: Style,
    /// Characters a filter matches.
    pub matched: Style,
    /// A filter line's text, and its error.
    pub input: Style,
    /// An outcome's kind, by [`OutcomeKind::ALL`](crate::model::OutcomeKind::ALL) order.
    pub outcome_kinds: [Style; 5],
}

impl Theme {
    /// The default (dark) theme at `depth`.
    pub fn new(depth: ColorDepth) -> Theme {
        Theme::from_palette(&Palette::dark(), depth)
    }

    /// The styles of `palette` at `depth`; without colour (`NO_COLOR`), emphasis only, whatever
    /// the palette.
    pub fn from_palette(palette: &Palette, depth: ColorDepth) -> Theme {
        let bold = Modifier::BOLD;
        if depth == ColorDepth::Mono {
            let plain = Style::new();
            return Theme {
                depth,
                text: plain,
                dim: plain,
                title: plain.add_modifier(bold),
                label: plain.add_modifier(bold),
                border: plain,
                border_focused: plain.add_modifier(bold),
                selected: plain.add_modifier(Modifier::REVERSED),
                selected_unfocused: plain.add_modifier(Modifier::UNDERLINED),
                linked: plain.add_modifier(bold),
                error: plain.add_modifier(bold),
                warning: plain.add_modifier(bold),
                tab: plain,
                tab_active: plain.add_modifier(Modifier::REVERSED),
                key: plain.add_modifier(bold),
                matched: plain.add_modifier(bold | Modifier::UNDERLINED),
                input: plain.add_modifier(bold),
                outcome_kinds: [plain.add_modifier(bold); 5],
            };
        }
        let fg = |role: Role| {
            let style = Style::new();
            match palette.get(role).and_then(|s| s.at(depth)) {
                Some(c) => style.fg(c),
                None => style,
            }
        };
        let selection = match palette.get(Role::Selection).and_then(|s| s.at(depth)) {
            Some(bg) => fg(Role::SelectionText).bg(bg).add_modifier(bold),
            // Without a background the selection must still show.
            None => fg(Role::SelectionText).add_modifier(bold | Modifier::REVERSED),
        };
        Theme {
            depth,
            text: fg(Role::Text),
            dim: fg(Role::Dim),
            title: fg(Role::Title).add_modifier(bold),
            label: fg(Role::Label),
            border: fg(Role::Border),
            border_focused: fg(Role::BorderFocused).add_modifier(bold),
            selected: selection,
            selected_unfocused: fg(Role::Text).add_modifier(bold | Modifier::UNDERLINED),
            linked: fg(Role::Linked).add_modifier(bold),
            error: fg(Role::Error).add_modifier(bold),
            warning: fg(Role::Warning).add_modifier(bold),
            tab: fg(Role::Border),
            tab_active: selection,
            key: fg(Role::Key).add_modifier(bold),
            matched: fg(Role::Match).add_modifier(bold | Modifier::UNDERLINED),
            input: fg(Role::Input).add_modifier(bold),
            outcome_kinds: [
                Role::Agreement,
                Role::Decision,
                Role::Statement,
                Role::Commitment,
                Role::FollowUp,
            ]
            .map(fg),
        }
    }

    /// The style of an outcome's kind.
    pub fn outcome_kind(&self, kind: crate::model::OutcomeKind) -> Style {
        let i = crate::model::OutcomeKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0);
        self.outcome_kinds[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_depth_follows_the_environment() {
        assert_eq!(
            ColorDepth::detect(Some("1"), Some("truecolor"), Some("xterm-256color")),
            ColorDepth::Mono
        );
        assert_eq!(
            ColorDepth::detect(Some(""), Some("truecolor"), None),
            ColorDepth::TrueColor,
            "empty NO_COLOR is unset"
        );
        assert_eq!(
            ColorDepth::detect(None, Some("24bit"), None),
            ColorDepth::TrueColor
        );
        assert_eq!(
            ColorDepth::detect(None, None, Some("screen-256color")),
            ColorDepth::Indexed256
        );
        assert_eq!(
            ColorDepth::detect(None, None, Some("xterm")),
            ColorDepth::Ansi16
        );
        assert_eq!(
            ColorDepth::detect(None, None, Some("dumb")),
            ColorDepth::Mono
        );
    }

    #[test]
    fn without_colour_emphasis_is_bold_underline_and_reverse_only() {
        let t = Theme::new(ColorDepth::Mono);
        for style in [
            t.text,
            t.dim,
            t.title,
            t.selected,
            t.matched,
            t.error,
            t.linked,
            t.tab_active,
        ] {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
        let c = Theme::new(ColorDepth::Ansi16);
        assert!(
            matches!(c.title.fg, Some(Color::Cyan)),
            "16 colours use the named palette"
        );
        let c = Theme::new(ColorDepth::Indexed256);
        assert!(matches!(c.title.fg, Some(Color::Indexed(_))));
        let c = Theme::new(ColorDepth::TrueColor);
        assert!(matches!(c.title.fg, Some(Color::Rgb(..))));
    }

    #[test]
    fn a_colour_from_the_config_comes_down_to_each_depth() {
        let shade = Shade::from_color(Color::Rgb(97, 175, 239));
        assert_eq!(shade.indexed, Color::Indexed(75), "the cube's nearest");
        assert_eq!(shade.ansi, Color::LightBlue, "the nearest of xterm's 16");
        let grey = Shade::from_color(Color::Indexed(244));
        assert_eq!(grey.ansi, Color::DarkGray);
        assert_eq!(Shade::from_color(Color::Red).indexed, Color::Red);
        let mut palette = Palette::dark();
        palette.set(Role::Error, Some(Color::Rgb(255, 0, 0)));
        for (depth, want) in [
            (ColorDepth::TrueColor, Some(Color::Rgb(255, 0, 0))),
            (ColorDepth::Indexed256, Some(Color::Indexed(196))),
            (ColorDepth::Ansi16, Some(Color::LightRed)),
            (ColorDepth::Mono, None),
        ] {
            assert_eq!(
                Theme::from_palette(&palette, depth).error.fg,
                want,
                "{depth:?}"
            );
        }
    }

    #[test]
    fn colours_are_read_by_name_index_or_hex_with_a_suggestion() {
        assert_eq!(parse_color("Bright-Blue"), Ok(Some(Color::LightBlue)));
        assert_eq!(parse_color("light-blue"), Ok(Some(Color::LightBlue)));
        assert_eq!(parse_color("grey"), Ok(Some(Color::Gray)));
        assert_eq!(parse_color("#0a0B0c"), Ok(Some(Color::Rgb(10, 11, 12))));
        assert_eq!(parse_color("default"), Ok(None));
        let refusal = parse_color("magneta").unwrap_err();
        assert_eq!(refusal.message, "`magneta` is not a colour");
        assert_eq!(refusal.hint, "did you mean `magenta`?");
        assert!(parse_color("#12345").is_err());
    }
}
