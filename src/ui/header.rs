//! The selected briefing's header: title, dates, location, sources, tags and summary.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::State;

use super::detail::field;
use crate::text::one_line;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let Some(b) = state.selected_briefing() else {
        frame.render_widget(
            Paragraph::new(Line::styled(" No briefing selected", theme.dim)),
            area,
        );
        return;
    };
    let mut when = vec![Span::styled(state.dates(b), theme.label)];
    let place = b.place();
    if !place.is_empty() {
        when.push(Span::raw(format!(" · {place}")));
    }
    let mut lines = vec![Line::styled(b.title.clone(), theme.title), Line::from(when)];
    if state.selected_entry().is_some_and(|e| e.stale) {
        lines.insert(
            1,
            Line::styled(
                "Stale: the file is broken now (see !); this is its last good version.",
                theme.warning,
            ),
        );
    }
    if !b.sources.is_empty() {
        let sources: Vec<String> = b.sources.iter().map(|s| s.short()).collect();
        lines.push(field("Source", sources.join("; "), theme));
    }
    if !b.tags.is_empty() {
        lines.push(field("Tags", b.tags.join(", "), theme));
    }
    // One line each, cut with a mark: the whole briefing is read with `z` on the list.
    let width = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| super::fit::line(l, width))
        .collect();
    let inner = Rect {
        x: area.x.saturating_add(1),
        width: area.width.saturating_sub(2),
        ..area
    };
    let used = (lines.len() as u16).min(inner.height);
    frame.render_widget(Paragraph::new(lines), inner);
    // The summary wraps in the rows left, its last row marked when there is more.
    let rest = Rect {
        y: inner.y + used,
        height: inner.height - used,
        ..inner
    };
    if let Some(s) = &b.summary
        && rest.height > 0
        && rest.width > 0
    {
        // Twice what the rows hold (line breaks and runs of spaces fold away): what does not fit
        // is marked, never wrapped whole.
        let room = usize::from(rest.width) * usize::from(rest.height);
        let shown = crate::text::prefix(s, 2 * room + 64);
        let summary =
            Paragraph::new(Line::styled(one_line(shown), theme.dim)).wrap(Wrap { trim: true });
        let cut = summary.line_count(rest.width) > usize::from(rest.height);
        frame.render_widget(summary, rest);
        if cut {
            let last = (rest.x + rest.width - 1, rest.y + rest.height - 1);
            frame.buffer_mut()[last]
                .set_symbol("…")
                .set_style(theme.dim);
        }
    }
}
