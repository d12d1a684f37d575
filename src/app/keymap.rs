//! The one table from keys to actions. The help overlay is generated from it.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::action::{Action, InputRequest, Pane};

/// Which bindings apply: the overlays take only their own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Overlay,
    /// A filter line has the keyboard: printable keys are typed into it.
    Filter,
    /// The index, a person's briefings or the chronology is open.
    View,
}

pub struct Binding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub action: Action,
    /// The keys as shown in the help overlay; empty for an alias listed with another key.
    pub keys: &'static str,
    pub help: &'static str,
    pub modes: &'static [Mode],
}

const BOTH: &[Mode] = &[Mode::Browse, Mode::Overlay, Mode::View];
const BROWSE_OR_VIEW: &[Mode] = &[Mode::Browse, Mode::View];
const BROWSE: &[Mode] = &[Mode::Browse];
const FILTER: &[Mode] = &[Mode::Filter];

const fn key(
    code: KeyCode,
    action: Action,
    keys: &'static str,
    help: &'static str,
    modes: &'static [Mode],
) -> Binding {
    Binding {
        code,
        modifiers: KeyModifiers::NONE,
        action,
        keys,
        help,
        modes,
    }
}

const fn ctrl(
    c: char,
    action: Action,
    keys: &'static str,
    help: &'static str,
    modes: &'static [Mode],
) -> Binding {
    Binding {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
        action,
        keys,
        help,
        modes,
    }
}

pub const KEYMAP: &[Binding] = &[
    key(KeyCode::Char('j'), Action::Down, "j ↓", "move down", BOTH),
    key(KeyCode::Down, Action::Down, "", "", BOTH),
    key(KeyCode::Char('k'), Action::Up, "k ↑", "move up", BOTH),
    key(KeyCode::Up, Action::Up, "", "", BOTH),
    key(
        KeyCode::Char('g'),
        Action::Top,
        "g Home",
        "first item",
        BOTH,
    ),
    key(KeyCode::Home, Action::Top, "", "", BOTH),
    key(
        KeyCode::Char('G'),
        Action::Bottom,
        "G End",
        "last item",
        BOTH,
    ),
    key(KeyCode::End, Action::Bottom, "", "", BOTH),
    ctrl(
        'd',
        Action::HalfPageDown,
        "Ctrl-d",
        "half a page down",
        BOTH,
    ),
    ctrl('u', Action::HalfPageUp, "Ctrl-u", "half a page up", BOTH),
    key(
        KeyCode::PageDown,
        Action::PageDown,
        "PgDn",
        "page down",
        BOTH,
    ),
    key(KeyCode::PageUp, Action::PageUp, "PgUp", "page up", BOTH),
    key(
        KeyCode::Tab,
        Action::FocusNext,
        "Tab",
        "next pane (in the index: next kind)",
        BROWSE_OR_VIEW,
    ),
    key(
        KeyCode::BackTab,
        Action::FocusPrev,
        "Shift-Tab",
        "previous pane",
        BROWSE_OR_VIEW,
    ),
    Binding {
        code: KeyCode::BackTab,
        modifiers: KeyModifiers::SHIFT,
        action: Action::FocusPrev,
        keys: "",
        help: "",
        modes: BROWSE_OR_VIEW,
    },
    key(
        KeyCode::Char('1'),
        Action::Focus(Pane::List),
        "1",
        "briefing list",
        BROWSE,
    ),
    key(
        KeyCode::Char('2'),
        Action::Focus(Pane::Timeline),
        "2",
        "timeline",
        BROWSE,
    ),
    key(
        KeyCode::Char('3'),
        Action::Focus(Pane::Participants),
        "3",
        "participants",
        BROWSE,
    ),
    key(
        KeyCode::Char('4'),
        Action::Focus(Pane::Agenda),
        "4",
        "agenda",
        BROWSE,
    ),
    key(
        KeyCode::Char('5'),
        Action::Focus(Pane::Outcomes),
        "5",
        "outcomes",
        BROWSE,
    ),
    key(
        KeyCode::Char('h'),
        Action::Left,
        "h ←",
        "towards the list",
        BROWSE,
    ),
    key(KeyCode::Left, Action::Left, "", "", BROWSE),
    key(
        KeyCode::Char('l'),
        Action::Right,
        "l →",
        "towards the panes",
        BROWSE,
    ),
    key(KeyCode::Right, Action::Right, "", "", BROWSE),
    key(
        KeyCode::Enter,
        Action::Open,
        "Enter",
        "open: the briefing, a participant's briefings, an index entry",
        BROWSE_OR_VIEW,
    ),
    key(KeyCode::Esc, Action::Back, "Esc", "close / go back", BOTH),
    key(
        KeyCode::Char('?'),
        Action::ToggleHelp,
        "?",
        "this help",
        BOTH,
    ),
    key(
        KeyCode::Char('!'),
        Action::ToggleDiagnostics,
        "!",
        "load problems (file and line)",
        BOTH,
    ),
    key(
        KeyCode::Char('/'),
        Action::StartFilter,
        "/",
        "filter the list, the focused pane or the index",
        BROWSE_OR_VIEW,
    ),
    key(
        KeyCode::Char('n'),
        Action::NextMatch,
        "n",
        "next match across the panes",
        BROWSE,
    ),
    key(
        KeyCode::Char('N'),
        Action::PrevMatch,
        "N",
        "previous match",
        BROWSE,
    ),
    key(
        KeyCode::Char('z'),
        Action::Zoom,
        "z",
        "read the focused item, or the briefing, whole",
        BROWSE,
    ),
    key(
        KeyCode::Char('s'),
        Action::CycleSort,
        "s",
        "sort the list: date, title, participants",
        BROWSE,
    ),
    key(
        KeyCode::Char('i'),
        Action::OpenIndex,
        "i",
        "index of people, organizations, countries, tags",
        BROWSE,
    ),
    key(
        KeyCode::Char('c'),
        Action::OpenChronology,
        "c",
        "chronology of the listed briefings",
        BROWSE,
    ),
    key(
        KeyCode::Char('y'),
        Action::CopyItem,
        "y",
        "copy the focused item (OSC 52)",
        BROWSE,
    ),
    key(
        KeyCode::Char('Y'),
        Action::CopyBriefing,
        "Y",
        "copy the briefing as Markdown",
        BROWSE,
    ),
    key(
        KeyCode::Char('q'),
        Action::Quit,
        "q",
        "quit (in help, zoom, problems or a view: close it)",
        BOTH,
    ),
    ctrl(
        'c',
        Action::Interrupt,
        "Ctrl-c",
        "quit from anywhere",
        &[Mode::Browse, Mode::Overlay, Mode::Filter, Mode::View],
    ),
    ctrl('z', Action::Suspend, "Ctrl-z", "suspend (fg resumes)", BOTH),
    key(
        KeyCode::Enter,
        Action::AcceptFilter,
        "Enter",
        "filter line: keep the filter",
        FILTER,
    ),
    key(
        KeyCode::Esc,
        Action::CancelFilter,
        "Esc",
        "filter line: clear it",
        FILTER,
    ),
    key(
        KeyCode::Up,
        Action::HistoryPrev,
        "↑ ↓",
        "filter line: earlier queries",
        FILTER,
    ),
    key(KeyCode::Down, Action::HistoryNext, "", "", FILTER),
    key(
        KeyCode::Left,
        Action::Edit(InputRequest::GoToPrevChar),
        "← →",
        "filter line: move",
        FILTER,
    ),
    key(
        KeyCode::Right,
        Action::Edit(InputRequest::GoToNextChar),
        "",
        "",
        FILTER,
    ),
    key(
        KeyCode::Home,
        Action::Edit(InputRequest::GoToStart),
        "Home End",
        "filter line: start, end",
        FILTER,
    ),
    ctrl('a', Action::Edit(InputRequest::GoToStart), "", "", FILTER),
    key(
        KeyCode::End,
        Action::Edit(InputRequest::GoToEnd),
        "",
        "",
        FILTER,
    ),
    ctrl('e', Action::Edit(InputRequest::GoToEnd), "", "", FILTER),
    key(
        KeyCode::Backspace,
        Action::Edit(InputRequest::DeletePrevChar),
        "",
        "",
        FILTER,
    ),
    key(
        KeyCode::Delete,
        Action::Edit(InputRequest::DeleteNextChar),
        "",
        "",
        FILTER,
    ),
    ctrl(
        'w',
        Action::Edit(InputRequest::DeletePrevWord),
        "Ctrl-w",
        "filter line: delete a word",
        FILTER,
    ),
    ctrl(
        'u',
        Action::Edit(InputRequest::DeleteLine),
        "Ctrl-u",
        "filter line: clear",
        FILTER,
    ),
];

/// The action bound to a key press in `mode`, if any.
pub fn action_for_key(key: KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    // Shifted letters arrive as the capital with SHIFT set; the capital alone identifies them.
    let modifiers = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    let bound = KEYMAP
        .iter()
        .find(|b| b.code == key.code && b.modifiers == modifiers && b.modes.contains(&mode))
        .map(|b| b.action.clone());
    match (bound, mode, key.code) {
        (Some(a), ..) => Some(a),
        // In a filter line every other printable key is text.
        (None, Mode::Filter, KeyCode::Char(c))
            if !modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Edit(InputRequest::InsertChar(c)))
        }
        _ => None,
    }
}

/// The action for a mouse event: clicks and the wheel.
pub fn action_for_mouse(event: MouseEvent) -> Option<Action> {
    let (column, row) = (event.column, event.row);
    match event.kind {
        MouseEventKind::Down(crossterm::event::MouseButton::Left) => {
            Some(Action::Click { column, row })
        }
        MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
        _ => None,
    }
}
