//! Everything a user can do, as data.

pub use tui_input::InputRequest;

use super::state::SearchResults;

/// The list and the four panes of a briefing, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    List,
    Timeline,
    Participants,
    Agenda,
    Outcomes,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::List,
        Pane::Timeline,
        Pane::Participants,
        Pane::Agenda,
        Pane::Outcomes,
    ];
    /// The four panes of the selected briefing.
    pub const DETAIL: [Pane; 4] = [
        Pane::Timeline,
        Pane::Participants,
        Pane::Agenda,
        Pane::Outcomes,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::List => "Briefings",
            Pane::Timeline => "Timeline",
            Pane::Participants => "Participants",
            Pane::Agenda => "Agenda",
            Pane::Outcomes => "Outcomes",
        }
    }

    /// The name where room is short (tab bars of narrow windows).
    pub fn short_title(self) -> &'static str {
        match self {
            Pane::List => "List",
            Pane::Timeline => "Time",
            Pane::Participants => "Part",
            Pane::Agenda => "Agen",
            Pane::Outcomes => "Outc",
        }
    }

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The next pane in focus order, wrapping around.
    pub fn next(self) -> Pane {
        Pane::ALL[(self.index() + 1) % Pane::ALL.len()]
    }

    pub fn prev(self) -> Pane {
        Pane::ALL[(self.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    FocusNext,
    FocusPrev,
    Focus(Pane),
    /// Towards the list (`h`, left).
    Left,
    /// Towards the panes (`l`, right).
    Right,
    /// Open the selected briefing, or zoom the focused item.
    Open,
    /// Close what is open, or go back to the list.
    Back,
    ToggleHelp,
    ToggleDiagnostics,
    /// `q`: quit, or close the overlay or zoom that is open.
    Quit,
    /// Ctrl-c: quit from anywhere.
    Interrupt,
    /// Stop the process until `fg` (handled by the event loop, which owns the terminal).
    Suspend,
    /// `/`: the list's filter line, or the focused pane's.
    StartFilter,
    /// Edit the filter line that has the keyboard.
    Edit(InputRequest),
    /// Text pasted into the filter line (bracketed paste): line breaks become spaces.
    Paste(String),
    /// Enter: keep the filter and return to navigation.
    AcceptFilter,
    /// Esc: clear the filter.
    CancelFilter,
    /// Recall an earlier query of the session.
    HistoryPrev,
    HistoryNext,
    /// `n`/`N`: the next or previous item that matches the filter, across the panes.
    NextMatch,
    PrevMatch,
    /// A search pass finished.
    SearchDone(SearchResults),
    /// The briefings are being read: (files read, files in all).
    LoadProgress((usize, usize)),
    /// `s`: order the list by date, title or number of participants.
    CycleSort,
    /// `y`: the focused item's text to the clipboard; `Y`: the whole briefing as Markdown.
    CopyItem,
    CopyBriefing,
    /// `z`: show the focused item whole.
    Zoom,
    /// `i`: the index of people, organizations, countries and tags.
    OpenIndex,
    /// `c`: the chronology of the listed briefings.
    OpenChronology,
    /// `e`: the selected briefing in the user's editor, at the focused item. The front end
    /// runs the editor (see [`super::State::pending_edit`]).
    OpenInEditor,
    Resize {
        width: u16,
        height: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },
}
