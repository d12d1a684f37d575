//! The briefing list: date and title, newest first (or best match first when filtered), with
//! the reason a briefing matched when its title does not show it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{Pane, State};
use crate::search::{FieldKind, field_text};

use super::highlight;
use super::pane::draw_items;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let inner = usize::from(area.width.saturating_sub(2));
    let line_for = |i: usize| -> Line<'static> {
        let Some(e) = state
            .visible
            .get(i)
            .and_then(|&n| state.corpus.briefings.get(n))
        else {
            return Line::default();
        };
        let b = &e.briefing;
        let mut spans = vec![Span::styled(state.date(b.date), theme.dim), Span::raw(" ")];
        if state.sort == crate::app::SortOrder::Participants {
            let n = b.participants.len();
            spans.push(Span::styled(
                format!("{n} {} ", if n == 1 { "person" } else { "people" }),
                theme.label,
            ));
        }
        if e.stale {
            spans.push(Span::styled("stale ", theme.warning));
        }
        let reason = state
            .reasons
            .get(i)
            .copied()
            .flatten()
            .filter(|r| r.field.kind != FieldKind::Title);
        // The title first (it tells briefings apart), then why it matched where the row has
        // room for both: the title keeps three fifths of it.
        let title = Line::from(highlight::field(state, FieldKind::Title, &b.title, theme.text).0);
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let left = inner.saturating_sub(used);
        match reason
            .filter(|_| left >= 50)
            .and_then(|r| Some((r, field_text(b, r.field)?)))
        {
            Some((r, text)) => {
                let room = left * 3 / 5;
                spans.extend(super::fit::line(title, room).spans);
                spans.push(Span::styled(format!(" · {}: ", r.label()), theme.dim));
                spans.extend(highlight::field(state, r.field.kind, text, theme.label).0);
            }
            None => spans.extend(title.spans),
        }
        Line::from(spans)
    };
    let title = super::pane_title(state, Pane::List);
    let empty = if state.loading.is_some() {
        "Loading briefings…"
    } else if state.corpus.briefings.is_empty() && !state.corpus.diagnostics.is_empty() {
        "No briefing loaded. Press ! for the load problems."
    } else if state.corpus.briefings.is_empty() {
        "No briefings here. `brief new` writes one to start from."
    } else {
        &format!(
            "No briefing matches the filter. {} clears it.",
            state.key("back", crate::app::Mode::Browse)
        )
    };
    draw_items(
        state,
        frame,
        area,
        Pane::List,
        &title,
        state.visible.len(),
        line_for,
        empty,
        Some(&state.filter.line),
    );
}
