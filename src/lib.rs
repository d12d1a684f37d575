//! `brief`: browse and look up meeting briefings kept as YAML files.

pub mod app;
pub mod chronology;
pub mod cli;
pub mod config;
pub mod editor;
pub mod entities;
pub mod memory;
pub mod model;
pub mod report;
pub mod sanitize;
pub mod screen;
pub mod search;
pub mod serve;
pub mod session;
pub mod text;
pub mod tui;
pub mod ui;
