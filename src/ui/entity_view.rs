//! One entity's briefings, newest first, with a person's role and organization at each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{Mode, State, View};

use super::pane::draw_list;
use crate::text::one_line;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let Some(View::Entity { entity, cursor }) = state.views.last() else {
        return;
    };
    let Some(e) = state.entities.entities.get(*entity) else {
        return;
    };
    let theme = &state.theme;
    let line_for = |pos: usize| -> Line<'static> {
        let Some(a) = e.appearances.get(pos) else {
            return Line::default();
        };
        // As the entity index knows it (while it is rebuilt after a reload, as it was).
        let Some(entry) = state.entities_of.briefings.get(a.briefing()) else {
            return Line::default();
        };
        let b = &entry.briefing;
        let mut spans = vec![Span::styled(format!("{} ", state.date(b.date)), theme.dim)];
        let at: Vec<&str> = [
            a.role(&state.entities_of),
            a.organization(&state.entities_of),
        ]
        .into_iter()
        .flatten()
        .collect();
        if at.is_empty() {
            spans.push(Span::raw(b.title.clone()));
        } else {
            // The role is what this view is for: the title gives it room, cut with a mark.
            let room = usize::from(area.width.saturating_sub(2)).saturating_sub(11) / 2;
            spans.push(Span::raw(
                crate::text::fit(&b.title, room.max(12)).into_owned(),
            ));
            spans.push(Span::styled(
                format!(" — {}", one_line(&at.join(", "))),
                theme.label,
            ));
        }
        Line::from(spans)
    };
    let title = format!(
        "{}{}: {} · {} briefing{} ({}: open, {}: back)",
        super::index_view::updating(state),
        e.kind.label(),
        e.name,
        crate::text::thousands(e.count()),
        crate::text::plural(e.count()),
        state.key("open", Mode::View),
        state.key("back", Mode::View)
    );
    draw_list(
        state,
        frame,
        area,
        &title,
        None,
        e.count(),
        *cursor,
        line_for,
        "",
        None,
    );
}
