//! The TUI's state as plain data, the typed actions that change it, the keymap that produces
//! them, and `update`, which applies an action without any IO.

mod action;
mod keymap;
mod state;
mod update;
mod views;

pub use action::{Action, InputRequest, Pane};
pub use keymap::{
    COMMANDS, Command, Conflict, KEY_SYNTAX, KeyPress, Keymap, Mode, Rebinding, action_for_key,
    action_for_mouse, command_named, default_keymap,
};
pub use state::{
    ChronoRow, EditRequest, Filter, ListFilter, Overlay, SearchResults, SortOrder, State, View,
};
pub use update::{
    Loaded, Stage, apply_reload, complete_search, match_positions, pane_of, sort_by, update,
};
