//! The chronology: briefing dates (■) and timeline events of the listed briefings, by month.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{ChronoRow, Mode, State, View};

use super::pane::draw_list;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let Some(View::Chronology { rows, cursor }) = state.views.last() else {
        return;
    };
    let theme = &state.theme;
    let line_for = |pos: usize| -> Line<'static> {
        match rows.get(pos) {
            Some(ChronoRow::Month(m)) => Line::styled(m.clone(), theme.title),
            Some(ChronoRow::Entry(e)) => {
                let time = e
                    .time
                    .map_or("     ".to_string(), |t| t.format("%H:%M").to_string());
                let mut spans = vec![Span::styled(format!("  {} {time} ", e.date), theme.dim)];
                match e.event {
                    None => spans.push(Span::styled(format!("■ {}", e.text), theme.label)),
                    Some(_) => {
                        let title = state
                            .corpus
                            .briefings
                            .get(e.briefing)
                            .map_or("", |b| b.briefing.title.as_str());
                        spans.push(Span::raw("  "));
                        if let Some(label) = &e.label {
                            spans.push(Span::styled(format!("{label}: "), theme.dim));
                        }
                        spans.push(Span::raw(e.text.clone()));
                        spans.push(Span::styled(format!("  · {title}"), theme.dim));
                    }
                }
                Line::from(spans)
            }
            None => Line::default(),
        }
    };
    // No count of entries here: the position at the bottom counts lines, month headings too.
    let title = format!(
        "Chronology of {} briefing{} by month ({}: open, {}: back)",
        crate::text::thousands(state.visible.len()),
        crate::text::plural(state.visible.len()),
        state.key("open", Mode::View),
        state.key("back", Mode::View)
    );
    draw_list(
        state,
        frame,
        area,
        &title,
        None,
        rows.len(),
        *cursor,
        line_for,
        "No dates.",
        None,
    );
}
