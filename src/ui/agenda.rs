//! The Agenda pane: the topics discussed.

use ratatui::text::{Line, Text};

use crate::search::FieldKind;

use crate::app::State;
use crate::model::{AgendaItem, Briefing};

use super::detail::{field, heading};
use super::highlight;
use super::timeline::gutter;
use crate::text::one_line;

pub fn line(b: &Briefing, i: usize, state: &State) -> Line<'static> {
    let Some(a) = b.agenda.get(i) else {
        return Line::default();
    };
    let (topic, mut matched) =
        highlight::field(state, FieldKind::Topic, &a.topic, state.theme.text);
    if let Some(s) = &a.summary {
        matched |= !highlight::positions(state, FieldKind::AgendaSummary, s).is_empty();
    }
    matched |= a
        .tags
        .iter()
        .any(|t| !highlight::positions(state, FieldKind::AgendaTag, t).is_empty());
    let mut spans = vec![gutter(state, false, matched)];
    spans.extend(topic);
    Line::from(spans)
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
