//! Drawing: `render` reads the state and draws a frame. One file per pane or overlay.

mod agenda;
mod chronology;
mod detail;
mod diagnostics;
mod entity_view;
pub mod fit;
mod header;
mod help;
mod highlight;
mod index_view;
pub mod layout;
mod list;
mod outcomes;
mod pane;
mod participants;
mod status;
pub mod theme;
mod timeline;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{Overlay, Pane, State, View};

pub use detail::MAX_SHOWN_CHARS;
use layout::{LayoutKind, MIN_HEIGHT, MIN_WIDTH, ScreenLayout};
pub use theme::{COLOR_SYNTAX, ColorDepth, Palette, Role, THEMES, Theme, parse_color};

pub fn render(state: &State, frame: &mut Frame) {
    draw(state, frame);
    fit::split_clusters(frame.buffer_mut());
}

fn draw(state: &State, frame: &mut Frame) {
    let area = frame.area();
    let screen = layout::layout(area, state.focus, state.tab);
    if screen.kind == LayoutKind::TooSmall {
        let msg = format!(
            "Enlarge the window: brief needs {MIN_WIDTH}x{MIN_HEIGHT} (now {}x{})",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let body = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    if let Some(view) = state.views.last() {
        match view {
            View::Index { .. } => index_view::draw(state, frame, body),
            View::Entity { .. } => entity_view::draw(state, frame, body),
            View::Chronology { .. } => chronology::draw(state, frame, body),
        }
        status::draw(state, frame, screen.status);
        match state.overlay {
            Some(Overlay::Help) => help::draw(state, frame, body),
            Some(Overlay::Diagnostics) => diagnostics::draw(state, frame, body),
            None => {}
        }
        return;
    }
    if let Some(r) = screen.list {
        list::draw(state, frame, r);
    }
    if let Some(r) = screen.header {
        header::draw(state, frame, r);
    }
    if let Some(r) = screen.tabs {
        draw_tabs(state, &screen, frame, r);
    }
    for (pane, r) in &screen.panes {
        draw_pane(state, frame, *pane, *r);
    }
    if let Some(r) = screen.detail {
        detail::draw(state, frame, r);
    }
    status::draw(state, frame, screen.status);
    if state.zoomed {
        detail::draw_zoom(state, frame, body);
    }
    match state.overlay {
        Some(Overlay::Help) => help::draw(state, frame, body),
        Some(Overlay::Diagnostics) => diagnostics::draw(state, frame, body),
        None => {}
    }
}

/// The rows shown and the lines in all of the scrolling text on top (an overlay, else the
/// zoomed item) in the window `state` was last told of, for scrolling it.
pub fn text_extent(state: &State) -> (u16, u16) {
    let body = Rect::new(0, 0, state.width, state.height.saturating_sub(1));
    match state.overlay {
        Some(Overlay::Help) => help::extent(state, body),
        Some(Overlay::Diagnostics) => diagnostics::extent(state, body),
        None => detail::zoom_extent(state, body),
    }
}

fn draw_pane(state: &State, frame: &mut Frame, pane: Pane, area: Rect) {
    let title = pane_title(state, pane);
    let filter = match &state.pane_filter {
        Some((p, f, _)) if *p == pane => Some(f),
        _ => None,
    };
    let Some(b) = state.selected_briefing() else {
        pane::draw_items(
            state,
            frame,
            area,
            pane,
            &title,
            0,
            |_| Line::default(),
            "(no briefing selected)",
            None,
        );
        return;
    };
    let items = state.shown_items(pane);
    let line: fn(&crate::model::Briefing, usize, &State) -> Line<'static> = match pane {
        Pane::List => return list::draw(state, frame, area),
        Pane::Timeline => timeline::line,
        Pane::Participants => participants::line,
        Pane::Agenda => agenda::line,
        Pane::Outcomes => outcomes::line,
    };
    let empty = if filter.is_some() {
        format!(
            "(no item matches; {} clears)",
            state.key("back", crate::app::Mode::Browse)
        )
    } else {
        "(none)".to_string()
    };
    let line_for = |pos: usize| {
        items
            .get(pos)
            .map_or_else(Line::default, |&i| line(b, i, state))
    };
    pane::draw_items(
        state,
        frame,
        area,
        pane,
        &title,
        items.len(),
        line_for,
        &empty,
        filter,
    );
}

pub(crate) fn pane_title(state: &State, pane: Pane) -> String {
    match pane {
        // While a first load goes, the count is of what has arrived, and says so.
        Pane::List => format!(
            "1 {} {}/{}{}",
            pane.title(),
            crate::text::thousands(state.visible.len()),
            crate::text::thousands(state.corpus.briefings.len()),
            if state.loading.is_some() {
                " so far"
            } else {
                ""
            }
        ),
        _ => match &state.pane_filter {
            Some((p, ..)) if *p == pane => format!(
                "{} {} ({} of {})",
                pane.index() + 1,
                pane.title(),
                state.pane_len(pane),
                state.item_count(pane)
            ),
            _ => format!(
                "{} {} ({})",
                pane.index() + 1,
                pane.title(),
                state.pane_len(pane)
            ),
        },
    }
}

/// The tab bar's labels, in order; shared with mouse hit-testing. Every tab keeps its number
/// and a name: the shown tab its count too while there is room, and the names are shortened
/// (`Participants`, `Part`, `P`) until all fit in `width`.
pub fn tab_labels(kind: LayoutKind, state: &State, width: u16) -> Vec<(Pane, String)> {
    let shown = shown_tab(kind, state);
    let panes: &[Pane] = if kind == LayoutKind::Narrow {
        &Pane::ALL
    } else {
        &Pane::DETAIL
    };
    // Levels of shortening: (the shown tab's name, the others' names, padded); 0 is the name
    // with the count, 1 the name, 2 the short name, 3 the initial.
    const LEVELS: [(u8, u8, bool); 9] = [
        (0, 1, true),
        (0, 2, true),
        (0, 2, false),
        (1, 2, true),
        (2, 2, true),
        (2, 2, false),
        (1, 3, false),
        (2, 3, false),
        (3, 3, false),
    ];
    // A shortened name ends in `…`, as all shortened text does.
    let name = |p: Pane, level: u8| match level {
        0 | 1 => p.title().to_string(),
        // The list's short name is another word, not a part of its name.
        2 if !p.title().starts_with(p.short_title()) => p.short_title().to_string(),
        2 => format!("{}…", p.short_title()),
        _ => format!("{}…", crate::text::prefix(p.title(), 1)),
    };
    let label = |p: Pane, (mine, others, padded): (u8, u8, bool)| {
        let level = if p == shown { mine } else { others };
        let text = if level == 0 {
            pane_title(state, p)
        } else {
            format!("{} {}", p.index() + 1, name(p, level))
        };
        if padded { format!(" {text} ") } else { text }
    };
    let labels = |level: (u8, u8, bool)| -> Vec<(Pane, String)> {
        panes.iter().map(|&p| (p, label(p, level))).collect()
    };
    let fits = |labels: &Vec<(Pane, String)>| {
        labels
            .iter()
            .map(|(_, l)| crate::text::width(l) + 1)
            .sum::<usize>()
            <= usize::from(width)
    };
    LEVELS
        .into_iter()
        .map(labels)
        .find(fits)
        .unwrap_or_else(|| labels((3, 3, false)))
}

/// The pane a tab bar shows as active.
fn shown_tab(kind: LayoutKind, state: &State) -> Pane {
    if kind == LayoutKind::Narrow && state.focus == Pane::List {
        Pane::List
    } else if state.tab == Pane::List {
        Pane::Timeline
    } else {
        state.tab
    }
}

fn draw_tabs(state: &State, screen: &ScreenLayout, frame: &mut Frame, area: Rect) {
    let shown = shown_tab(screen.kind, state);
    let mut spans = Vec::new();
    for (pane, label) in tab_labels(screen.kind, state, area.width) {
        let active = pane == shown;
        spans.push(Span::styled(
            label,
            if active {
                state.theme.tab_active
            } else {
                state.theme.tab
            },
        ));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A centered rectangle of `width` by `height` cells, shrunk to fit `area`.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}
