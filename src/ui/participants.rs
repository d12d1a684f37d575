//! The Participants pane: who took part, with their roles.

use ratatui::text::{Line, Span, Text};

use crate::app::State;
use crate::model::{Briefing, Participant};

use super::detail::{field, heading};
use super::timeline::one_line;

pub fn items(b: &Briefing, state: &State) -> Vec<Line<'static>> {
    b.participants
        .iter()
        .map(|p| {
            let mut spans = vec![Span::raw(p.name.clone())];
            if let Some(role) = &p.role {
                spans.push(Span::styled(
                    format!(" — {}", one_line(role)),
                    state.theme.dim,
                ));
            }
            Line::from(spans)
        })
        .collect()
}

pub fn detail(b: &Briefing, p: &Participant, state: &State) -> Text<'static> {
    let theme = &state.theme;
    let mut lines = vec![heading(p.name.clone(), theme)];
    for (label, value) in [
        ("Role", &p.role),
        ("Organization", &p.organization),
        ("Country", &p.country),
        ("Delegation", &p.delegation),
        ("Notes", &p.notes),
    ] {
        if let Some(v) = value {
            lines.push(field(label, one_line(v), theme));
        }
    }
    let events: Vec<String> = b
        .timeline
        .iter()
        .enumerate()
        .filter(|(_, e)| e.participants.iter().any(|n| n == &p.name))
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !events.is_empty() {
        lines.push(field("In timeline events", events.join(", "), theme));
    }
    Text::from(lines)
}
