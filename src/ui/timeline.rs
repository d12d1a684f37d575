//! The Timeline pane: what happened, in order; events of the focused participant are marked.

use ratatui::text::{Line, Span, Text};

use crate::app::State;
use crate::model::{At, Briefing, TimelineEvent};

use super::detail::{field, heading};

pub fn items(b: &Briefing, state: &State) -> Vec<Line<'static>> {
    let linked = state.linked_participant();
    b.timeline
        .iter()
        .map(|e| {
            let mark = linked.is_some_and(|name| e.participants.iter().any(|p| p == name));
            let mut spans = vec![Span::styled(
                if mark { "● " } else { "  " },
                if mark {
                    state.theme.linked
                } else {
                    state.theme.dim
                },
            )];
            match &e.at {
                Some(At::Text(t)) => spans.push(Span::styled(format!("{t}: "), state.theme.dim)),
                Some(at) => spans.push(Span::styled(format!("{at} "), state.theme.dim)),
                None => {}
            }
            spans.push(Span::styled(
                one_line(&e.event),
                if mark {
                    state.theme.linked
                } else {
                    state.theme.text
                },
            ));
            Line::from(spans)
        })
        .collect()
}

pub fn detail(e: &TimelineEvent, index: usize, state: &State) -> Text<'static> {
    let theme = &state.theme;
    let mut lines = vec![heading(format!("Event {}", index + 1), theme)];
    if let Some(at) = &e.at {
        lines.push(field("When", at.to_string(), theme));
    }
    lines.push(Line::raw(e.event.trim().to_string()));
    if !e.participants.is_empty() {
        lines.push(field("With", e.participants.join(", "), theme));
    }
    Text::from(lines)
}

/// Collapses the line breaks of folded YAML text for one-line items.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
