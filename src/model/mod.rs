//! The briefing types, their loading from files, folders and the bundled corpus, and validation.

pub mod cache;
mod diagnostic;
mod load;
mod schema;
mod shared;
mod types;
mod validate;
pub mod yaml;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{
    Corpus, Entry, MAX_FILE_BYTES, Origin, ParsedFile, SourceError, affects_briefings, id_position,
    parse_file, parse_file_located,
};
pub use schema::{SCHEMA_PATH, schema_json};
pub use types::{
    AgendaItem, At, Briefing, Date, Location, Outcome, OutcomeKind, Participant, Shared, SourceRef,
    TimelineEvent,
};
pub use validate::closest;
