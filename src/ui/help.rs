//! The help overlay, generated from the keymap so that it can never disagree with it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::{KEYMAP, State};

pub fn lines(state: &State) -> Vec<Line<'static>> {
    let theme = &state.theme;
    let width = KEYMAP
        .iter()
        .map(|b| b.keys.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = KEYMAP
        .iter()
        .filter(|b| !b.keys.is_empty())
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:width$}  ", b.keys), theme.key),
                Span::raw(b.help),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Mouse: click focuses and selects, the wheel scrolls (--no-mouse turns it off)",
        theme.dim,
    ));
    lines
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let all = lines(state);
    let width = all.iter().map(Line::width).max().unwrap_or(0) as u16 + 3;
    let popup = super::popup(area, width, all.len() as u16 + 2);
    let rows = popup.height.saturating_sub(2);
    let total = all.len() as u16;
    let top = state.scroll.min(total.saturating_sub(rows));
    let inner = usize::from(popup.width.saturating_sub(2));
    let all: Vec<Line> = all
        .into_iter()
        .map(|l| super::fit::line(l, inner))
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(state.theme.border_focused)
        .title(Line::styled(" Keys ", state.theme.border_focused))
        .title_bottom(Line::styled(
            super::detail::scroll_footer(top, rows, total, popup.width),
            state.theme.dim,
        ));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(all).scroll((top, 0)).block(block), popup);
}
