//! The Agenda pane: the topics discussed.

use ratatui::text::{Line, Text};

use crate::app::State;
use crate::model::{AgendaItem, Briefing};

use super::detail::{field, heading};
use super::timeline::one_line;

pub fn items(b: &Briefing, _state: &State) -> Vec<Line<'static>> {
    b.agenda
        .iter()
        .map(|a| Line::raw(one_line(&a.topic)))
        .collect()
}

pub fn detail(a: &AgendaItem, state: &State) -> Text<'static> {
    let theme = &state.theme;
    let mut lines = vec![heading(one_line(&a.topic), theme)];
    if let Some(s) = &a.summary {
        lines.push(Line::raw(one_line(s)));
    }
    if !a.tags.is_empty() {
        lines.push(field("Tags", a.tags.join(", "), theme));
    }
    Text::from(lines)
}
