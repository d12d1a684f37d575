//! The help overlay, generated from the keymap so that it can never disagree with it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::{Action, State};

const MOUSE: &str = "Mouse: click focuses and selects, the wheel scrolls (--no-mouse turns it off)";

/// The widest keys shown beside their text.
const MAX_KEYS_WIDTH: usize = 12;

/// The help's rows for `state`: the keys in force, without what this session does not offer
/// (editing, where it is read-only).
pub fn rows(state: &State) -> Vec<(String, &'static str)> {
    let read_only = state.read_only.is_some();
    state
        .keymap
        .help_rows(|action| read_only && *action == Action::OpenInEditor)
}

/// The help's lines for a window `width` columns wide inside its border: each key's text
/// wraps under itself, beside its keys.
pub fn lines(state: &State, width: usize) -> Vec<Line<'static>> {
    let theme = &state.theme;
    let rows = rows(state);
    // Many keys for one action get a line of their own rather than widening the column.
    let keys_width = rows
        .iter()
        .map(|(keys, _)| crate::text::width(keys))
        .filter(|&w| w <= MAX_KEYS_WIDTH)
        .max()
        .unwrap_or(0);
    let gutter = keys_width + 3;
    let room = width.saturating_sub(gutter).max(12);
    let mut lines: Vec<Line> = Vec::new();
    for (keys_text, help) in &rows {
        let own_line = crate::text::width(keys_text) > keys_width;
        if own_line {
            lines.push(Line::styled(format!(" {keys_text}"), theme.key));
        }
        for (n, part) in textwrap::wrap(help, room).into_iter().enumerate() {
            let keys = if n == 0 && !own_line {
                keys_text.as_str()
            } else {
                ""
            };
            let pad = keys_width.saturating_sub(crate::text::width(keys));
            lines.push(Line::from(vec![
                Span::styled(format!(" {keys}{}  ", " ".repeat(pad)), theme.key),
                Span::raw(part.into_owned()),
            ]));
        }
    }
    if state.mouse {
        lines.push(Line::raw(""));
        for part in textwrap::wrap(MOUSE, width.saturating_sub(1).max(12)) {
            lines.push(Line::styled(format!(" {part}"), theme.dim));
        }
    }
    lines
}

/// Where the help goes in `area`, its lines fitted to it, the rows it shows and how many
/// lines it has.
fn window(state: &State, area: Rect) -> (Rect, Vec<Line<'static>>, u16, u16) {
    // As wide as the longest line unwrapped, or the window.
    let natural = lines(state, usize::MAX / 2)
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(0) as u16
        + 3;
    let width = natural.min(area.width);
    let all = lines(state, usize::from(width.saturating_sub(2)));
    let popup = super::popup(area, width, all.len() as u16 + 2);
    let rows = popup.height.saturating_sub(2);
    let total = all.len() as u16;
    let inner = usize::from(popup.width.saturating_sub(2));
    let all = all
        .into_iter()
        .map(|l| super::fit::line(l, inner))
        .collect();
    (popup, all, rows, total)
}

/// The rows the help shows in `area` and how many lines it has, for scrolling.
pub fn extent(state: &State, area: Rect) -> (u16, u16) {
    let (_, _, rows, total) = window(state, area);
    (rows, total)
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let (popup, all, rows, total) = window(state, area);
    let top = state.scroll.min(total.saturating_sub(rows));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(state.theme.border_focused)
        .title(Line::styled(" Keys ", state.theme.border_focused))
        .title_bottom(Line::styled(
            super::detail::scroll_footer(state, top, rows, total, popup.width),
            state.theme.dim,
        ));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(all).scroll((top, 0)).block(block), popup);
}
