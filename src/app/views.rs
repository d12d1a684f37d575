//! The views opened over the browser: the entity index, one entity's briefings, and the
//! chronology. Esc closes the top one, and the browser underneath is exactly as it was.

use crate::chronology::{chronology, month};
use crate::entities::EntityKind;
use crate::report;
use crate::search::{self, FieldKind};
use crate::text::one_line as one;

use super::action::{Action, Pane};
use super::state::{ChronoRow, Filter, State, View};

/// Rows in a view, for paging.
fn page(state: &State) -> usize {
    usize::from(state.height.saturating_sub(4)).max(1)
}

pub fn update_view(state: &mut State, action: Action) {
    let page = page(state);
    let len = view_len(state);
    let Some(view) = state.views.last_mut() else {
        return;
    };
    let cursor = match view {
        View::Index { cursor, .. }
        | View::Entity { cursor, .. }
        | View::Chronology { cursor, .. } => cursor,
    };
    let last = len.saturating_sub(1);
    match action {
        Action::Up => *cursor = cursor.saturating_sub(1),
        Action::Down => *cursor = (*cursor + 1).min(last),
        Action::Top => *cursor = 0,
        Action::Bottom => *cursor = last,
        Action::PageUp | Action::ScrollUp { .. } => *cursor = cursor.saturating_sub(page),
        Action::PageDown | Action::ScrollDown { .. } => *cursor = (*cursor + page).min(last),
        Action::HalfPageUp => *cursor = cursor.saturating_sub(page / 2),
        Action::HalfPageDown => *cursor = (*cursor + page / 2).min(last),
        // q closes a view as Esc does; Ctrl-c quits from anywhere.
        Action::Back | Action::Quit => {
            state.views.pop();
            if state.views.is_empty()
                && let Some(spot) = state.underneath.take()
            {
                restore(state, spot);
            }
        }
        Action::ToggleHelp => {
            state.overlay = Some(super::Overlay::Help);
            state.scroll = 0;
        }
        Action::ToggleDiagnostics => {
            state.overlay = Some(super::Overlay::Diagnostics);
            state.scroll = 0;
        }
        Action::FocusNext | Action::FocusPrev => {
            if let View::Index { kind, .. } = view {
                let kinds = EntityKind::BROWSABLE;
                let at = kinds.iter().position(|k| k == kind).unwrap_or(0);
                let step = if action == Action::FocusNext {
                    1
                } else {
                    kinds.len() - 1
                };
                *kind = kinds[(at + step) % kinds.len()];
                refilter_index(state);
            }
        }
        Action::StartFilter => match view {
            View::Index { filter, .. } => filter.editing = true,
            View::Chronology { .. } => {
                state.message = Some(
                    "the chronology follows the list: Esc, / to filter the list, then c".into(),
                )
            }
            View::Entity { .. } => {
                state.message = Some("a person's briefings are not filtered: Esc to go back".into())
            }
        },
        Action::Open => open_row(state),
        _ => {}
    }
}

/// Edits of the index view's filter line.
pub fn update_index_filter(state: &mut State, action: Action) {
    let Some(View::Index { filter, .. }) = state.views.last_mut() else {
        return;
    };
    match action {
        Action::Edit(request) => {
            if let Err(message) = filter.edit(request) {
                state.message = Some(message);
                return;
            }
        }
        Action::Paste(text) => {
            let refused = text.chars().find_map(|c| {
                let c = if c.is_control() { ' ' } else { c };
                filter
                    .edit(super::action::InputRequest::InsertChar(c))
                    .err()
            });
            if let Some(message) = refused {
                state.message = Some(message);
            }
        }
        Action::AcceptFilter => filter.editing = false,
        Action::CancelFilter => *filter = Filter::default(),
        Action::Quit => state.quit = true,
        _ => return,
    }
    refilter_index(state);
}

/// How many rows the top view has.
pub fn view_len(state: &State) -> usize {
    match state.views.last() {
        Some(View::Index { rows, .. }) => rows.len(),
        Some(View::Entity { entity, .. }) => state
            .entities
            .entities
            .get(*entity)
            .map_or(0, |e| e.count()),
        Some(View::Chronology { rows, .. }) => rows.len(),
        None => 0,
    }
}

pub fn open_index(state: &mut State) {
    state.views.push(View::Index {
        kind: EntityKind::Person,
        filter: Filter::default(),
        rows: Vec::new(),
        cursor: 0,
    });
    refilter_index(state);
}

/// Recomputes the index view's rows from its kind and filter; a malformed filter keeps them.
fn refilter_index(state: &mut State) {
    let entities = std::sync::Arc::clone(&state.entities);
    let Some(View::Index {
        kind,
        filter,
        rows,
        cursor,
    }) = state.views.last_mut()
    else {
        return;
    };
    match search::parse(filter.input.value()) {
        Ok(query) => {
            filter.error = None;
            let mut scored: Vec<(i64, usize)> = entities
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == *kind)
                .filter_map(|(i, e)| {
                    search::text_score(&query, FieldKind::Name, &e.name).map(|s| (s, i))
                })
                .collect();
            // Best match first; the index's own order (most briefings first) on ties.
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            *rows = scored.into_iter().map(|(_, i)| i).collect();
            filter.query = query;
            *cursor = 0;
        }
        Err(e) => filter.error = Some(e),
    }
}

/// Opens the entity view for the person focused in the Participants pane.
pub fn open_participant(state: &mut State) -> bool {
    let Some(b) = state.selected_briefing() else {
        return false;
    };
    let Some(p) = state
        .focused_item(Pane::Participants)
        .and_then(|i| b.participants.get(i))
    else {
        return false;
    };
    let key = crate::entities::name_key(&p.name);
    let found = state
        .entities
        .entities
        .iter()
        .position(|e| e.kind == EntityKind::Person && e.key == key);
    match found {
        Some(entity) => {
            state.views.push(View::Entity { entity, cursor: 0 });
            true
        }
        None => false,
    }
}

/// Rebuilds views opened over an older corpus (after a reload): the same entity, kind, filter
/// and position where they still exist.
pub fn reopen(state: &mut State, old: Vec<View>, previous: &crate::entities::EntityIndex) {
    for view in old {
        match view {
            View::Index {
                kind,
                filter,
                cursor,
                ..
            } => {
                state.views.push(View::Index {
                    kind,
                    filter,
                    rows: Vec::new(),
                    cursor: 0,
                });
                refilter_index(state);
                if let Some(View::Index {
                    rows, cursor: c, ..
                }) = state.views.last_mut()
                {
                    *c = cursor.min(rows.len().saturating_sub(1));
                }
            }
            View::Entity { entity, cursor } => {
                // Entities are found again by kind and folded name; one that is gone closes.
                let found = previous.entities.get(entity).and_then(|old| {
                    state
                        .entities
                        .entities
                        .iter()
                        .position(|e| e.kind == old.kind && e.key == old.key)
                });
                match found {
                    Some(entity) => {
                        let count = state.entities.entities[entity].count();
                        state.views.push(View::Entity {
                            entity,
                            cursor: cursor.min(count.saturating_sub(1)),
                        });
                    }
                    None => break,
                }
            }
            View::Chronology { cursor, .. } => {
                open_chronology(state);
                if let Some(View::Chronology { rows, cursor: c }) = state.views.last_mut() {
                    *c = cursor.min(rows.len().saturating_sub(1));
                }
            }
        }
    }
}

pub fn open_chronology(state: &mut State) {
    let entries = chronology(&state.corpus, state.visible.iter().copied());
    let mut rows = Vec::with_capacity(entries.len() + 16);
    let mut current = String::new();
    for e in entries {
        let m = month(e.date);
        if m != current {
            rows.push(ChronoRow::Month(m.clone()));
            current = m;
        }
        rows.push(ChronoRow::Entry(e));
    }
    // Start on the first entry rather than on a heading.
    let cursor = rows
        .iter()
        .position(|r| matches!(r, ChronoRow::Entry(_)))
        .unwrap_or(0);
    state.views.push(View::Chronology { rows, cursor });
}

/// Enter in a view: an index entry opens its briefings; a briefing or a chronology line goes
/// back to the browser with that briefing selected.
fn open_row(state: &mut State) {
    let target = match state.views.last() {
        Some(View::Index { rows, cursor, .. }) => {
            if let Some(&entity) = rows.get(*cursor) {
                state.views.push(View::Entity { entity, cursor: 0 });
            }
            return;
        }
        Some(View::Entity { entity, cursor }) => state
            .entities
            .entities
            .get(*entity)
            .and_then(|e| e.appearances.get(*cursor))
            .and_then(|a| state.entity_briefing(a.briefing()))
            .map(|n| (n, None)),
        Some(View::Chronology { rows, cursor }) => match rows.get(*cursor) {
            Some(ChronoRow::Entry(e)) => Some((e.briefing, e.event)),
            _ => None,
        },
        None => None,
    };
    let Some((briefing, event)) = target else {
        return;
    };
    // The browser under the views, to put back when the user comes back through them.
    let spot = super::state::Spot {
        briefing: state.selected_entry().map(|e| e.id.clone()),
        focus: state.focus,
        tab: state.tab,
        cursors: state.cursors,
        filter: state.filter.line.input.value().to_string(),
    };
    select_briefing(state, briefing);
    // Esc in the browser comes back to the view, as it was.
    state.returns = std::mem::take(&mut state.views);
    // Opened again after coming back: the browser the views were first opened over stays.
    state.underneath.get_or_insert(spot);
    if let Some(n) = event {
        state.focus = Pane::Timeline;
        state.tab = Pane::Timeline;
        state.set_cursor(Pane::Timeline, n);
    } else if crate::ui::layout::layout(
        ratatui::layout::Rect::new(0, 0, state.width, state.height),
        Pane::List,
        state.tab,
    )
    .kind
        == crate::ui::layout::LayoutKind::Narrow
    {
        // One view at a time: show the briefing, not the list.
        state.focus = if state.tab == Pane::List {
            Pane::Timeline
        } else {
            state.tab
        };
    } else {
        state.focus = Pane::List;
    }
}

/// Puts the browser back where it was before a briefing was opened from a view.
fn restore(state: &mut State, spot: super::state::Spot) {
    if state.filter.line.input.value() != spot.filter {
        state.filter.line.input = tui_input::Input::new(spot.filter);
        super::update::requery(state);
    }
    let at = spot.briefing.and_then(|id| {
        state
            .visible
            .iter()
            .position(|&i| state.corpus.briefings.get(i).is_some_and(|e| e.id == id))
    });
    if let Some(pos) = at {
        state.set_cursor(Pane::List, pos);
        state.cursors = spot.cursors;
    }
    state.focus = spot.focus;
    state.tab = spot.tab;
}

/// Selects a briefing in the list; one hidden by the filter brings the whole list back.
fn select_briefing(state: &mut State, briefing: usize) {
    if !state.visible.contains(&briefing) {
        super::update::clear_list_filter(state);
    }
    if let Some(pos) = state.visible.iter().position(|&v| v == briefing) {
        state.set_cursor(Pane::List, pos);
    }
}

/// The focused item's text, as `y` copies it.
pub fn item_text(state: &State) -> Option<String> {
    let entry = state.selected_entry()?;
    let b = &entry.briefing;
    let i = state.focused_item(state.focus);
    Some(match state.focus {
        Pane::List => {
            let place = b.place();
            let mut s = format!("{} ({})", b.title, b.dates());
            if !place.is_empty() {
                s.push_str(&format!(", {place}"));
            }
            s
        }
        Pane::Timeline => one(&report::timeline_line(b.timeline.get(i?)?)),
        Pane::Participants => {
            let p = b.participants.get(i?)?;
            let mut s = one(&report::participant_line(p));
            if let Some(n) = &p.notes {
                s.push_str(&format!(". {}", one(n)));
            }
            s
        }
        Pane::Agenda => {
            let a = b.agenda.get(i?)?;
            match &a.summary {
                Some(sum) => format!("{}: {}", one(&a.topic), one(sum)),
                None => one(&a.topic),
            }
        }
        Pane::Outcomes => {
            let o = b.outcomes.get(i?)?;
            let facts = report::outcome_facts(o);
            let mut s = one(&o.summary);
            if !facts.is_empty() {
                s.push_str(&format!(" ({facts})"));
            }
            if !o.parties.is_empty() {
                s.push_str(&format!("; parties: {}", o.parties.join(", ")));
            }
            s
        }
    })
}
