//! The frame shared by the list and the four panes: a bordered list of one-line items, the
//! focused one highlighted and kept in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::{Pane, State};

use super::layout::scroll_offset;

pub fn draw_items(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    pane: Pane,
    title: &str,
    lines: Vec<Line<'static>>,
    empty: &str,
) {
    let theme = &state.theme;
    let focused = state.focus == pane;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(Line::styled(
            format!(" {title} "),
            if focused {
                theme.border_focused
            } else {
                theme.title
            },
        ));
    let rows = usize::from(area.height.saturating_sub(2));
    if lines.is_empty() {
        let text = Paragraph::new(Line::styled(empty.to_string(), theme.dim))
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(text.block(block), area);
        return;
    }
    let cursor = state.cursor(pane);
    let offset = scroll_offset(cursor, lines.len(), rows);
    let selected_style = if focused {
        theme.selected
    } else {
        theme.selected_unfocused
    };
    let visible: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, line)| {
            if i == cursor {
                line.patch_style(selected_style)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(visible).block(block), area);
}
