//! The JSON Schema of the format, generated from the types so it can never drift from them.

use super::types::Briefing;

/// Where the committed copy lives, relative to the repository root.
pub const SCHEMA_PATH: &str = "assets/briefing.schema.json";

/// The schema as pretty JSON, ending in a newline.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Briefing);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
