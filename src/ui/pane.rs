//! The frame shared by the list and the four panes: a bordered list of one-line items, the
//! focused one highlighted and kept in view, and the pane's filter line in its bottom border.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::{Filter, Pane, State};

use super::layout::scroll_offset;

/// Draws `len` items, building only the lines on screen with `line_for(position)`.
#[allow(clippy::too_many_arguments)]
pub fn draw_items(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    pane: Pane,
    title: &str,
    len: usize,
    line_for: impl Fn(usize) -> Line<'static>,
    empty: &str,
    filter: Option<&Filter>,
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
    let block = with_filter_line(state, frame, area, block, filter);
    let rows = usize::from(area.height.saturating_sub(2));
    if len == 0 {
        let text =
            Paragraph::new(Line::styled(empty.to_string(), theme.dim)).wrap(Wrap { trim: true });
        frame.render_widget(text.block(block), area);
        return;
    }
    let cursor = state.cursor(pane);
    let offset = scroll_offset(cursor, len, rows);
    let selected_style = if focused {
        theme.selected
    } else {
        theme.selected_unfocused
    };
    let visible: Vec<Line> = (offset..len.min(offset + rows))
        .map(|i| {
            let line = line_for(i);
            if i == cursor {
                line.patch_style(selected_style)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(visible).block(block), area);
}

/// A full-width list for the views (index, entity, chronology): a title, an optional line of
/// tabs above the rows, and the filter line in the bottom border.
#[allow(clippy::too_many_arguments)]
pub fn draw_list(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    title: &str,
    tabs: Option<Line<'static>>,
    len: usize,
    cursor: usize,
    line_for: impl Fn(usize) -> Line<'static>,
    empty: &str,
    filter: Option<&Filter>,
) {
    let theme = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Line::styled(format!(" {title} "), theme.border_focused));
    let block = with_filter_line(state, frame, area, block, filter);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut rows_area = inner;
    if let Some(t) = tabs {
        frame.render_widget(
            Paragraph::new(t),
            Rect {
                height: inner.height.min(1),
                ..inner
            },
        );
        rows_area = Rect {
            y: inner.y.saturating_add(1),
            height: inner.height.saturating_sub(1),
            ..inner
        };
    }
    if len == 0 {
        frame.render_widget(
            Paragraph::new(Line::styled(empty.to_string(), theme.dim)),
            rows_area,
        );
        return;
    }
    let rows = usize::from(rows_area.height);
    let offset = scroll_offset(cursor, len, rows);
    let lines: Vec<Line> = (offset..len.min(offset + rows))
        .map(|i| {
            if i == cursor {
                line_for(i).patch_style(theme.selected)
            } else {
                line_for(i)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
}

/// Puts an active filter line in the block's bottom border, and the cursor in it while typing.
fn with_filter_line<'a>(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    block: Block<'a>,
    filter: Option<&Filter>,
) -> Block<'a> {
    let Some(f) = filter.filter(|f| f.is_active()) else {
        return block;
    };
    if f.editing && area.height > 1 {
        // The cursor sits in the bottom border, after "─/" and the text before it.
        let x = area.x + 2 + f.input.visual_cursor() as u16;
        if x < area.x + area.width.saturating_sub(1) {
            frame.set_cursor_position(Position {
                x,
                y: area.y + area.height - 1,
            });
        }
    }
    block.title_bottom(filter_line(state, f))
}

/// "/query" as typed, marked when it does not parse.
fn filter_line(state: &State, f: &Filter) -> Line<'static> {
    let theme = &state.theme;
    let mut spans = vec![
        Span::styled("/", theme.key),
        Span::styled(f.input.value().to_string(), theme.input),
        Span::raw(" "),
    ];
    if f.error.is_some() {
        spans.push(Span::styled("✗ ", theme.error));
    }
    Line::from(spans)
}
