//! The committed JSON Schema must be the one the types generate.

use std::path::Path;

use brief::model::{SCHEMA_PATH, schema_json};

#[test]
fn committed_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
    let generated = schema_json();
    if std::env::var_os("BRIEF_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write the schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA_PATH} is out of date with the types in src/model/types.rs; \
         regenerate it with `BRIEF_UPDATE_SCHEMA=1 cargo test --test schema` and commit it"
    );
}

#[test]
fn schema_names_the_format_fields() {
    let schema: serde_json::Value = serde_json::from_str(&schema_json()).expect("valid JSON");
    let props = schema["properties"]
        .as_object()
        .expect("top-level properties");
    for key in [
        "id",
        "title",
        "date",
        "end_date",
        "location",
        "summary",
        "tags",
        "sources",
        "participants",
        "timeline",
        "agenda",
        "outcomes",
    ] {
        assert!(props.contains_key(key), "schema lacks `{key}`");
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(required, ["title", "date"]);
    let kinds = serde_json::to_string(&schema["$defs"]["OutcomeKind"]).unwrap();
    for kind in [
        "agreement",
        "decision",
        "statement",
        "commitment",
        "follow-up",
    ] {
        assert!(
            kinds.contains(kind),
            "kind `{kind}` missing from the schema"
        );
    }
}
