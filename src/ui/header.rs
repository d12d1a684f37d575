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
            Paragraph::new(Line::styled("No briefing selected", theme.dim)),
            area,
        );
        return;
    };
    let mut when = vec![Span::styled(b.dates(), theme.label)];
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
    if let Some(s) = &b.summary {
        // One more character than is shown, so that the cut is marked.
        let shown = crate::text::prefix(s, 2 * super::detail::MAX_SHOWN_CHARS);
        lines.push(Line::styled(one_line(shown), theme.dim));
    }
    let block =
        ratatui::widgets::Block::default().padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(
        Paragraph::new(super::detail::bounded(lines.into()))
            .wrap(Wrap { trim: true })
            .block(block),
        area,
    );
}
