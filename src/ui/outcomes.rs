//! The Outcomes pane: what was agreed, decided, stated or left to follow up.

use ratatui::text::{Line, Span, Text};

use crate::app::State;
use crate::model::{Briefing, Outcome};
use crate::search::FieldKind;

use super::detail::{field, heading};
use super::highlight;
use super::timeline::gutter;
use crate::text::one_line;

pub fn line(b: &Briefing, i: usize, state: &State) -> Line<'static> {
    let Some(o) = b.outcomes.get(i) else {
        return Line::default();
    };
    let theme = &state.theme;
    let mut matched = false;
    let mut spans = Vec::new();
    if let Some(k) = o.kind {
        let (kind, m) = highlight::field(
            state,
            FieldKind::OutcomeKind,
            k.as_str(),
            theme.outcome_kind(k),
        );
        spans.extend(kind);
        spans.push(Span::raw(" "));
        matched |= m;
    }
    let (summary, m) = highlight::field(state, FieldKind::OutcomeSummary, &o.summary, theme.text);
    spans.extend(summary);
    matched |= m;
    matched |= o
        .parties
        .iter()
        .any(|p| !highlight::positions(state, FieldKind::OutcomeParty, p).is_empty());
    matched |= o
        .status
        .as_ref()
        .is_some_and(|s| !highlight::positions(state, FieldKind::OutcomeStatus, s).is_empty());
    let mut line = vec![gutter(state, false, matched)];
    line.extend(spans);
    Line::from(line)
}

pub fn detail(o: &Outcome, state: &State) -> Text<'static> {
    let theme = &state.theme;
    let mut lines = vec![heading(one_line(&o.summary), theme)];
    if let Some(k) = o.kind {
        lines.push(field("Kind", k.to_string(), theme));
    }
    if let Some(s) = &o.status {
        lines.push(field("Status", s.to_string(), theme));
    }
    if let Some(d) = o.due {
        lines.push(field("Due", d.to_string(), theme));
    }
    if !o.parties.is_empty() {
        lines.push(field("Parties", o.parties.join(", "), theme));
    }
    Text::from(lines)
}
