//! The briefing list: date and title, newest first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{Pane, State};

use super::pane::draw_items;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let lines: Vec<Line> = state
        .visible
        .iter()
        .filter_map(|&i| state.corpus.briefings.get(i))
        .map(|e| {
            let b = &e.briefing;
            Line::from(vec![
                Span::styled(b.date.to_string(), theme.dim),
                Span::raw(" "),
                Span::raw(b.title.clone()),
            ])
        })
        .collect();
    let title = super::pane_title(state, Pane::List);
    let empty = if state.corpus.briefings.is_empty() {
        "No briefings loaded. Press ! for load problems."
    } else {
        "No briefing matches."
    };
    draw_items(state, frame, area, Pane::List, &title, lines, empty);
}
