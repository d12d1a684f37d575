//! Where everything goes on screen: pure geometry, shared by rendering and mouse hit-testing.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::Pane;

/// Below this size only the "enlarge the window" message is shown.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;
/// From this size on, the list and all four panes are shown at once.
pub const WIDE_WIDTH: u16 = 120;
pub const WIDE_HEIGHT: u16 = 30;
/// From this width on, the list stands beside one pane at a time.
pub const MEDIUM_WIDTH: u16 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKind {
    TooSmall,
    /// One view at a time, with a tab bar.
    Narrow,
    /// The list beside one pane, with a tab bar.
    Medium,
    /// The list and the four panes.
    Wide,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLayout {
    pub kind: LayoutKind,
    pub list: Option<Rect>,
    pub header: Option<Rect>,
    pub tabs: Option<Rect>,
    pub panes: Vec<(Pane, Rect)>,
    /// The focused item's full text.
    pub detail: Option<Rect>,
    pub status: Rect,
}

impl ScreenLayout {
    /// The pane (or list) drawn at a screen cell, if any.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let hit = |r: &Rect| r.contains(ratatui::layout::Position { x: column, y: row });
        if self.list.as_ref().is_some_and(hit) {
            return Some(Pane::List);
        }
        self.panes.iter().find(|(_, r)| hit(r)).map(|(p, _)| *p)
    }

    /// The rectangle of a pane, if it is on screen.
    pub fn rect_of(&self, pane: Pane) -> Option<Rect> {
        if pane == Pane::List && self.list.is_some() {
            return self.list;
        }
        self.panes.iter().find(|(p, _)| *p == pane).map(|(_, r)| *r)
    }
}

/// Lays out a screen of `area` with `focus` focused; `tab` is the pane shown where only one fits.
pub fn layout(area: Rect, focus: Pane, tab: Pane) -> ScreenLayout {
    let empty = ScreenLayout {
        kind: LayoutKind::TooSmall,
        list: None,
        header: None,
        tabs: None,
        panes: Vec::new(),
        detail: None,
        status: Rect::default(),
    };
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return ScreenLayout {
            status: area,
            ..empty
        };
    }
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if area.width >= WIDE_WIDTH && area.height >= WIDE_HEIGHT {
        let list_width = (area.width * 7 / 20).clamp(40, 72);
        let [list, right] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(body);
        // A tall window gives the focused item's text more room rather than empty pane rows.
        let detail_rows = (body.height / 4).clamp(8, 16);
        let [header, grid, detail] = Layout::vertical([
            Constraint::Length(7),
            Constraint::Min(6),
            Constraint::Length(detail_rows),
        ])
        .areas(right);
        let [top, bottom] =
            Layout::vertical([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)]).areas(grid);
        let [tl, tr] =
            Layout::horizontal([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)]).areas(top);
        let [bl, br] =
            Layout::horizontal([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)]).areas(bottom);
        return ScreenLayout {
            kind: LayoutKind::Wide,
            list: Some(list),
            header: Some(header),
            tabs: None,
            panes: vec![
                (Pane::Timeline, tl),
                (Pane::Participants, tr),
                (Pane::Agenda, bl),
                (Pane::Outcomes, br),
            ],
            detail: Some(detail),
            status,
        };
    }
    let tab = if tab == Pane::List {
        Pane::Timeline
    } else {
        tab
    };
    if area.width >= MEDIUM_WIDTH {
        let list_width = (area.width * 2 / 5).clamp(26, 44);
        let [list, right] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(body);
        let detail_rows = if body.height >= 20 { 7 } else { 0 };
        let [header, tabs, pane, detail] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(detail_rows),
        ])
        .areas(right);
        return ScreenLayout {
            kind: LayoutKind::Medium,
            list: Some(list),
            header: Some(header),
            tabs: Some(tabs),
            panes: vec![(tab, pane)],
            detail: (detail_rows > 0).then_some(detail),
            status,
        };
    }
    // Narrow: the tab bar names the list too; the focused view takes the whole width.
    let shown = if focus == Pane::List { Pane::List } else { tab };
    let header_rows = if shown == Pane::List { 0 } else { 1 };
    let detail_rows = if body.height >= 18 { 6 } else { 0 };
    let [tabs, header, main, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(header_rows),
        Constraint::Min(3),
        Constraint::Length(detail_rows),
    ])
    .areas(body);
    ScreenLayout {
        kind: LayoutKind::Narrow,
        list: (shown == Pane::List).then_some(main),
        header: (header_rows > 0).then_some(header),
        tabs: Some(tabs),
        panes: if shown == Pane::List {
            Vec::new()
        } else {
            vec![(shown, main)]
        },
        detail: (detail_rows > 0).then_some(detail),
        status,
    }
}

/// The first item to draw so that `selected` stays visible, kept near the middle of the view.
/// A pure function of its inputs, so that rendering needs no scroll state.
pub fn scroll_offset(selected: usize, len: usize, rows: usize) -> usize {
    if rows == 0 || len <= rows {
        return 0;
    }
    selected.saturating_sub(rows / 2).min(len - rows)
}
