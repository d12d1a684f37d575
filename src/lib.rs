//! `brief`: browse and look up meeting briefings kept as YAML files.

pub mod app;
pub mod cli;
pub mod model;
pub mod report;
pub mod search;
pub mod tui;
pub mod ui;
