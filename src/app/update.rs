//! Applies an action to the state. No IO: everything it needs is in the state.

use ratatui::layout::Rect;

use crate::ui::layout::{LayoutKind, layout};

use super::action::{Action, Pane};
use super::state::{Overlay, State};

pub fn update(state: &mut State, action: Action) {
    if let Some(overlay) = state.overlay {
        return update_overlay(state, overlay, action);
    }
    if state.zoomed {
        return update_zoom(state, action);
    }
    let page = page_rows(state);
    let focus = state.focus;
    let cursor = state.cursor(focus);
    match action {
        Action::Up => state.set_cursor(focus, cursor.saturating_sub(1)),
        Action::Down => state.set_cursor(focus, cursor + 1),
        Action::Top => state.set_cursor(focus, 0),
        Action::Bottom => state.set_cursor(focus, usize::MAX),
        Action::PageUp => state.set_cursor(focus, cursor.saturating_sub(page)),
        Action::PageDown => state.set_cursor(focus, cursor + page),
        Action::HalfPageUp => state.set_cursor(focus, cursor.saturating_sub(page.div_ceil(2))),
        Action::HalfPageDown => state.set_cursor(focus, cursor + page.div_ceil(2)),
        Action::FocusNext => focus_pane(state, focus.next()),
        Action::FocusPrev => focus_pane(state, focus.prev()),
        Action::Focus(p) => focus_pane(state, p),
        Action::Left => {
            if focus != Pane::List {
                focus_pane(state, focus.prev());
            }
        }
        Action::Right => {
            if focus != Pane::Outcomes {
                focus_pane(state, focus.next());
            }
        }
        Action::Open => match focus {
            Pane::List => {
                if state.selected_entry().is_some() {
                    focus_pane(state, state.tab);
                }
            }
            _ => {
                if state.pane_len(focus) > 0 {
                    state.zoomed = true;
                    state.scroll = 0;
                }
            }
        },
        Action::Back => {
            if focus != Pane::List {
                focus_pane(state, Pane::List);
            }
        }
        Action::ToggleHelp => open_overlay(state, Overlay::Help),
        Action::ToggleDiagnostics => open_overlay(state, Overlay::Diagnostics),
        Action::Quit => state.quit = true,
        Action::Suspend => {}
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
        }
        Action::Click { column, row } => click(state, column, row),
        Action::ScrollUp { column, row } => wheel(state, column, row, -3),
        Action::ScrollDown { column, row } => wheel(state, column, row, 3),
    }
}

fn focus_pane(state: &mut State, pane: Pane) {
    state.focus = pane;
    if pane != Pane::List {
        state.tab = pane;
    }
}

fn open_overlay(state: &mut State, overlay: Overlay) {
    state.overlay = Some(overlay);
    state.scroll = 0;
}

fn update_overlay(state: &mut State, overlay: Overlay, action: Action) {
    let page = page_rows(state) as u16;
    match action {
        Action::Back => state.overlay = None,
        Action::ToggleHelp if overlay == Overlay::Help => state.overlay = None,
        Action::ToggleHelp => open_overlay(state, Overlay::Help),
        Action::ToggleDiagnostics if overlay == Overlay::Diagnostics => state.overlay = None,
        Action::ToggleDiagnostics => open_overlay(state, Overlay::Diagnostics),
        Action::Quit => state.quit = true,
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
        }
        other => scroll_text(state, other, page),
    }
}

fn update_zoom(state: &mut State, action: Action) {
    let page = page_rows(state) as u16;
    match action {
        Action::Back | Action::Open => state.zoomed = false,
        Action::Quit => state.quit = true,
        Action::ToggleHelp => open_overlay(state, Overlay::Help),
        Action::ToggleDiagnostics => open_overlay(state, Overlay::Diagnostics),
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
        }
        other => scroll_text(state, other, page),
    }
}

/// Scrolling of a text window (overlay or zoom). The renderer clamps to the text's length.
fn scroll_text(state: &mut State, action: Action, page: u16) {
    state.scroll = match action {
        Action::Up | Action::ScrollUp { .. } => state.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown { .. } => state.scroll.saturating_add(1),
        Action::Top => 0,
        Action::Bottom => u16::MAX,
        Action::PageUp | Action::HalfPageUp => state.scroll.saturating_sub(page),
        Action::PageDown | Action::HalfPageDown => state.scroll.saturating_add(page),
        _ => state.scroll,
    };
}

/// Rows in the focused view, for paging; at least one.
fn page_rows(state: &State) -> usize {
    let screen = layout(
        Rect::new(0, 0, state.width, state.height),
        state.focus,
        state.tab,
    );
    let rows = screen
        .rect_of(state.focus)
        .map_or(state.height, |r| r.height.saturating_sub(2));
    usize::from(rows.max(1))
}

fn click(state: &mut State, column: u16, row: u16) {
    let screen = layout(
        Rect::new(0, 0, state.width, state.height),
        state.focus,
        state.tab,
    );
    if screen.kind == LayoutKind::TooSmall {
        return;
    }
    if let Some(tabs) = screen.tabs
        && row == tabs.y
        && let Some(p) = tab_at(state, &screen, tabs.width, column.saturating_sub(tabs.x))
    {
        return focus_pane(state, p);
    }
    let Some(pane) = screen.pane_at(column, row) else {
        return;
    };
    focus_pane(state, pane);
    let Some(rect) = screen.rect_of(pane) else {
        return;
    };
    // Inside the border: the row clicked, plus the items scrolled out of view above.
    if row > rect.y && row < rect.y + rect.height.saturating_sub(1) {
        let rows = usize::from(rect.height.saturating_sub(2));
        let offset =
            crate::ui::layout::scroll_offset(state.cursor(pane), state.pane_len(pane), rows);
        let index = offset + usize::from(row - rect.y - 1);
        if index < state.pane_len(pane) {
            state.set_cursor(pane, index);
        }
    }
}

/// The pane whose tab title spans `column` (relative to the tab bar).
fn tab_at(
    state: &State,
    screen: &crate::ui::layout::ScreenLayout,
    width: u16,
    column: u16,
) -> Option<Pane> {
    let mut x = 0u16;
    for (pane, label) in crate::ui::tab_labels(screen.kind, state, width) {
        let w = label.chars().count() as u16;
        if column >= x && column < x + w {
            return Some(pane);
        }
        x += w + 1;
    }
    None
}

fn wheel(state: &mut State, column: u16, row: u16, delta: isize) {
    let screen = layout(
        Rect::new(0, 0, state.width, state.height),
        state.focus,
        state.tab,
    );
    let Some(pane) = screen.pane_at(column, row) else {
        return;
    };
    let cursor = state.cursor(pane);
    state.set_cursor(pane, cursor.saturating_add_signed(delta));
}
