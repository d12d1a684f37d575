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
}

impl Theme {
    pub fn new(depth: ColorDepth) -> Theme {
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
            };
        }
        let (accent, accent_bg, dim, linked, error, warning, sel_fg) = match depth {
            ColorDepth::TrueColor => (
                Color::Rgb(97, 175, 239),
                Color::Rgb(40, 62, 92),
                Color::Rgb(128, 134, 148),
                Color::Rgb(229, 192, 123),
                Color::Rgb(224, 108, 117),
                Color::Rgb(229, 192, 123),
                Color::Rgb(240, 240, 240),
            ),
            ColorDepth::Indexed256 => (
                Color::Indexed(75),
                Color::Indexed(24),
                Color::Indexed(245),
                Color::Indexed(179),
                Color::Indexed(167),
                Color::Indexed(179),
                Color::Indexed(255),
            ),
            _ => (
                Color::Cyan,
                Color::Blue,
                Color::DarkGray,
                Color::Yellow,
                Color::Red,
                Color::Yellow,
                Color::White,
            ),
        };
        let plain = Style::new();
        Theme {
            depth,
            text: plain,
            dim: plain.fg(dim),
            title: plain.fg(accent).add_modifier(bold),
            label: plain.fg(accent),
            border: plain.fg(dim),
            border_focused: plain.fg(accent).add_modifier(bold),
            selected: plain.fg(sel_fg).bg(accent_bg).add_modifier(bold),
            selected_unfocused: plain.add_modifier(bold | Modifier::UNDERLINED),
            linked: plain.fg(linked).add_modifier(bold),
            error: plain.fg(error).add_modifier(bold),
            warning: plain.fg(warning).add_modifier(bold),
            tab: plain.fg(dim),
            tab_active: plain.fg(sel_fg).bg(accent_bg).add_modifier(bold),
            key: plain.fg(accent).add_modifier(bold),
            matched: plain.fg(linked).add_modifier(bold | Modifier::UNDERLINED),
            input: plain.fg(accent).add_modifier(bold),
        }
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
}
