//! The Timeline pane: what happened, in order; events of the focused participant are marked.

use ratatui::text::{Line, Span, Text};

use crate::app::State;
use crate::model::{At, Briefing, TimelineEvent};
use crate::search::FieldKind;

use super::highlight;

use super::detail::{field, heading};

/// One event as a compact line: the gutter marks events of the focused participant (●) and
/// events the filter matches (›).
pub fn line(b: &Briefing, i: usize, state: &State) -> Line<'static> {
    let Some(e) = b.timeline.get(i) else {
        return Line::default();
    };
    let theme = &state.theme;
    let linked = state
        .linked_participant()
        .is_some_and(|name| e.participants.iter().any(|p| p == name));
    let base = if linked { theme.linked } else { theme.text };
    let (text, matched) = highlight::field(state, FieldKind::Event, &e.event, base);
    let mut spans = vec![gutter(state, linked, matched)];
    match &e.at {
        Some(At::Text(t)) => spans.push(Span::styled(format!("{t}: "), theme.dim)),
        Some(at) => spans.push(Span::styled(format!("{} ", at.human()), theme.dim)),
        None => {}
    }
    spans.extend(text);
    Line::from(spans)
}

/// The two-column gutter of pane items: ● linked to the focus, › matched by the filter.
pub fn gutter(state: &State, linked: bool, matched: bool) -> Span<'static> {
    match (linked, matched) {
        (true, _) => Span::styled("● ", state.theme.linked),
        (false, true) => Span::styled("› ", state.theme.matched),
        (false, false) => Span::raw("  "),
    }
}

pub fn detail(e: &TimelineEvent, index: usize, state: &State) -> Text<'static> {
    let theme = &state.theme;
    let mut lines = vec![heading(format!("Event {}", index + 1), theme)];
    if let Some(at) = &e.at {
        lines.push(field("When", at.human(), theme));
    }
    lines.push(Line::raw(e.event.trim().to_string()));
    if !e.participants.is_empty() {
        lines.push(field("With", e.participants.join(", "), theme));
    }
    Text::from(lines)
}
