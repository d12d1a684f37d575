//! The Outcomes pane: what was agreed, decided, stated or left to follow up.

use ratatui::text::{Line, Span, Text};

use crate::app::State;
use crate::model::{Briefing, Outcome};

use super::detail::{field, heading};
use super::timeline::one_line;

pub fn items(b: &Briefing, state: &State) -> Vec<Line<'static>> {
    b.outcomes
        .iter()
        .map(|o| {
            let kind = o.kind.map_or(String::new(), |k| format!("{k} "));
            Line::from(vec![
                Span::styled(kind, state.theme.label),
                Span::raw(one_line(&o.summary)),
            ])
        })
        .collect()
}

pub fn detail(o: &Outcome, state: &State) -> Text<'static> {
    let theme = &state.theme;
    let mut lines = vec![heading(one_line(&o.summary), theme)];
    if let Some(k) = o.kind {
        lines.push(field("Kind", k.to_string(), theme));
    }
    if let Some(s) = &o.status {
        lines.push(field("Status", s.clone(), theme));
    }
    if let Some(d) = o.due {
        lines.push(field("Due", d.to_string(), theme));
    }
    if !o.parties.is_empty() {
        lines.push(field("Parties", o.parties.join(", "), theme));
    }
    Text::from(lines)
}
