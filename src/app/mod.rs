//! The TUI's state as plain data, the typed actions that change it, the keymap that produces
//! them, and `update`, which applies an action without any IO.

mod action;
mod keymap;
mod state;
mod update;

pub use action::{Action, Pane};
pub use keymap::{Binding, KEYMAP, Mode, action_for_key, action_for_mouse};
pub use state::{Overlay, State};
pub use update::update;
