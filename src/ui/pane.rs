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
    let title = crate::text::fit(title, usize::from(area.width.saturating_sub(4)));
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
    let position = position_label(state.cursor(pane), len, rows);
    let block = with_filter_line(state, frame, area, block, filter, position.as_deref());
    let block = with_position(state, block, position);
    let inner_width = usize::from(area.width.saturating_sub(2));
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
            let line = super::fit::line(line_for(i), inner_width);
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
    // The title is cut with a mark rather than by the border.
    let title = crate::text::fit(title, usize::from(area.width.saturating_sub(4)));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Line::styled(format!(" {title} "), theme.border_focused));
    let list_rows = usize::from(area.height.saturating_sub(2 + u16::from(tabs.is_some())));
    let position = position_label(cursor, len, list_rows);
    let block = with_filter_line(state, frame, area, block, filter, position.as_deref());
    let block = with_position(state, block, position);
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
            let line = super::fit::line(line_for(i), usize::from(rows_area.width));
            if i == cursor {
                line.patch_style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
}

/// Where the cursor is (` 12/300 `) in a list longer than its window; nothing for a list that
/// fits.
fn position_label(cursor: usize, len: usize, rows: usize) -> Option<String> {
    (len > rows).then(|| {
        format!(
            " {}/{} ",
            crate::text::thousands(cursor.min(len - 1) + 1),
            crate::text::thousands(len)
        )
    })
}

/// Puts the position at the right of the bottom border.
fn with_position<'a>(state: &State, block: Block<'a>, position: Option<String>) -> Block<'a> {
    match position {
        Some(at) => block.title_bottom(Line::styled(at, state.theme.dim).right_aligned()),
        None => block,
    }
}

/// Puts an active filter line in the block's bottom border, and the cursor in it while typing.
/// A line longer than the border scrolls to keep the cursor in view, marked `…` where cut.
fn with_filter_line<'a>(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    block: Block<'a>,
    filter: Option<&Filter>,
    position: Option<&str>,
) -> Block<'a> {
    let Some(f) = filter.filter(|f| f.is_active()) else {
        return block;
    };
    let theme = &state.theme;
    // "─/" before the text; " ✗ " after it when it does not parse; the position on the right.
    let mark = if f.error.is_some() { 3 } else { 1 };
    let reserved = position.map_or(0, |p| crate::text::width(p) + 1);
    let room = usize::from(area.width)
        .saturating_sub(3 + mark + reserved)
        .max(1);
    let value = f.input.value();
    let cursor = f.input.visual_cursor();
    // The first column shown: the cursor stays in view, with one column to spare at the end.
    let scroll = f.input.visual_scroll(room.saturating_sub(1));
    let (mut shown, mut x) = (skip_columns(value, scroll).to_string(), cursor - scroll);
    if scroll > 0 {
        // The cut start is marked: the mark takes the place of the first column shown.
        shown = format!("…{}", skip_columns(&shown, 1));
        x = x.max(1);
    }
    let shown = crate::text::fit(&shown, room).into_owned();
    if f.editing && area.height > 1 {
        let x = area.x + 2 + x as u16;
        if x < area.x + area.width.saturating_sub(1) {
            frame.set_cursor_position(Position {
                x,
                y: area.y + area.height - 1,
            });
        }
    }
    let mut spans = vec![
        Span::styled("/", theme.key),
        Span::styled(shown, theme.input),
        Span::raw(" "),
    ];
    if f.error.is_some() {
        spans.push(Span::styled("✗ ", theme.error));
    }
    block.title_bottom(Line::from(spans))
}

/// `text` without its first `columns` columns (whole graphemes).
fn skip_columns(text: &str, columns: usize) -> &str {
    use unicode_segmentation::UnicodeSegmentation;
    let mut skipped = 0;
    for (i, g) in text.grapheme_indices(true) {
        if skipped >= columns {
            return &text[i..];
        }
        skipped += crate::text::width(g);
    }
    ""
}
