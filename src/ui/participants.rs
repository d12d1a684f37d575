//! The Participants pane: who took part, with their roles.

use ratatui::text::{Line, Span, Text};

use crate::app::State;
use crate::model::{Briefing, Participant};

use super::detail::{field, heading};
use super::highlight;
use super::timeline::gutter;
use crate::search::FieldKind;
use crate::text::one_line;

pub fn line(b: &Briefing, i: usize, state: &State) -> Line<'static> {
    let Some(p) = b.participants.get(i) else {
        return Line::default();
    };
    let (mut name, name_matched) =
        highlight::field(state, FieldKind::Name, &p.name, state.theme.text);
    let mut matched = name_matched;
    if let Some(role) = &p.role {
        let (role, role_matched) = highlight::field(state, FieldKind::Role, role, state.theme.dim);
        name.push(Span::styled(" — ", state.theme.dim));
        name.extend(role);
        matched |= role_matched;
    }
    // Matches in fields not shown on the line (organization, notes...) still mark the item.
    // Each is matched as the kind of field it is, so that `country:` or `who:` marks the rows
    // they really match.
    matched |= [
        (FieldKind::Organization, p.organization.as_deref()),
        (FieldKind::Delegation, p.delegation.as_deref()),
        (FieldKind::ParticipantCountry, p.country.as_deref()),
        (FieldKind::Notes, p.notes.as_deref()),
    ]
    .into_iter()
    .filter_map(|(kind, text)| Some((kind, text?)))
    .chain(p.aliases.iter().map(|a| (FieldKind::Name, a.as_str())))
    .any(|(kind, t)| !highlight::positions(state, kind, t).is_empty());
    let mut spans = vec![gutter(state, false, matched)];
    spans.extend(name);
    Line::from(spans)
}

pub fn detail(b: &Briefing, p: &Participant, state: &State) -> Text<'static> {
    let theme = &state.theme;
    let mut lines = vec![heading(p.name.to_string(), theme)];
    if !p.aliases.is_empty() {
        lines.push(field("Also written", p.aliases.join(", "), theme));
    }
    for (label, value) in [
        ("Role", p.role.as_deref()),
        ("Organization", p.organization.as_deref()),
        ("Country", p.country.as_deref()),
        ("Delegation", p.delegation.as_deref()),
        ("Notes", p.notes.as_deref()),
    ] {
        if let Some(v) = value {
            lines.push(field(label, one_line(v), theme));
        }
    }
    // The events they took part in, as the Timeline pane shows them.
    let events: Vec<(usize, &crate::model::TimelineEvent)> = b
        .timeline
        .iter()
        .enumerate()
        .filter(|(_, e)| e.participants.iter().any(|n| n == &p.name))
        .collect();
    if !events.is_empty() {
        lines.push(Line::styled("In the timeline:", theme.label));
        for (i, e) in events {
            let mut spans = vec![Span::styled(format!("  {}. ", i + 1), theme.dim)];
            if let Some(at) = &e.at {
                spans.push(Span::styled(format!("{} ", at.human()), theme.dim));
            }
            spans.push(Span::raw(one_line(&e.event)));
            lines.push(Line::from(spans));
        }
    }
    Text::from(lines)
}
