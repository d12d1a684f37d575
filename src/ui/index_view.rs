//! The index view: people, organizations, countries and tags with how many briefings name them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{Mode, State, View};
use crate::entities::EntityKind;
use crate::search::{FieldKind, highlight};

use super::pane::draw_list;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let Some(View::Index {
        kind,
        filter,
        rows,
        cursor,
    }) = state.views.last()
    else {
        return;
    };
    let theme = &state.theme;
    let tabs: Vec<Span> = EntityKind::BROWSABLE
        .iter()
        .flat_map(|k| {
            let style = if k == kind {
                theme.tab_active
            } else {
                theme.tab
            };
            [
                Span::styled(format!(" {} ", plural_label(*k)), style),
                Span::raw(" "),
            ]
        })
        .collect();
    // Where the kinds do not all fit, the one shown is named with the key that changes it.
    let fits = Line::from(tabs.clone()).width() <= usize::from(area.width.saturating_sub(2));
    let tabs = if fits {
        tabs
    } else {
        vec![
            Span::styled(format!(" {} ", plural_label(*kind)), theme.tab_active),
            Span::styled(
                format!(" {}: next kind", state.key("next-pane", Mode::View)),
                theme.dim,
            ),
        ]
    };
    let width = rows
        .iter()
        .filter_map(|&i| state.entities.entities.get(i))
        .map(|e| e.count().to_string().len())
        .max()
        .unwrap_or(1);
    let line_for = |pos: usize| -> Line<'static> {
        let Some(e) = rows.get(pos).and_then(|&i| state.entities.entities.get(i)) else {
            return Line::default();
        };
        let positions = highlight(&filter.query, FieldKind::Name, &e.name);
        let mut spans = vec![Span::styled(format!("{:>width$}  ", e.count()), theme.dim)];
        spans.extend(super::highlight::spans(
            state, &e.name, &positions, theme.text,
        ));
        Line::from(spans)
    };
    let title = format!(
        "Index · {}{} {} ({}: next kind, {}: their briefings, {}: back)",
        updating(state),
        crate::text::thousands(rows.len()),
        if rows.len() == 1 {
            singular_label(*kind)
        } else {
            plural_label(*kind)
        },
        state.key("next-pane", Mode::View),
        state.key("open", Mode::View),
        state.key("back", Mode::View)
    );
    draw_list(
        state,
        frame,
        area,
        &title,
        Some(Line::from(tabs)),
        rows.len(),
        *cursor,
        line_for,
        if state.entities_updating() && state.entities.entities.is_empty() {
            "The briefings are still being read."
        } else {
            "Nothing matches."
        },
        Some(filter),
    );
}

pub fn singular_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Country => "country",
        EntityKind::Tag => "tag",
        EntityKind::Kind => "outcome kind",
    }
}

pub fn plural_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "people",
        EntityKind::Organization => "organizations",
        EntityKind::Country => "countries",
        EntityKind::Tag => "tags",
        EntityKind::Kind => "outcome kinds",
    }
}

/// Said at the start of the title (so that a narrow screen shows it too) while the index is
/// of the corpus as it was before a reload.
pub fn updating(state: &State) -> &'static str {
    if state.entities_updating() {
        "updating · "
    } else {
        ""
    }
}
