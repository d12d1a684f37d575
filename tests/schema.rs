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

/// docs/FORMAT.md's settings for language servers name the schema where `brief new` keeps it,
/// and are valid JSON and TOML.
#[test]
fn format_docs_wire_the_schema_that_brief_new_keeps() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/FORMAT.md"))
            .expect("docs/FORMAT.md");
    let section = &docs[docs
        .find("### Wiring the schema into a YAML language server")
        .expect("the section")..];
    let block = |fence: &str| -> String {
        let start = section.find(fence).expect(fence) + fence.len();
        let end = start + section[start..].find("```").expect("the block ends");
        section[start..end].to_string()
    };
    let schema = "/home/me/.local/share/brief/briefing.schema.json";
    let globs = ["briefings/**/*.yaml", "briefings/**/*.yml"];
    let json: serde_json::Value = serde_json::from_str(&block("```json\n")).expect("JSON");
    assert_eq!(json["yaml.schemas"][schema], serde_json::json!(globs));
    let toml: toml::Table = toml::from_str(&block("```toml\n")).expect("TOML");
    let mapped = &toml["language-server"]["yaml-language-server"]["config"]["yaml"]["schemas"];
    assert_eq!(mapped[schema], toml::Value::from(globs.to_vec()));
    assert!(block("```lua\n").contains(&format!("[\"{schema}\"]")));
    assert!(block("```sh\n").contains("brief schema > ~/.local/share/brief/briefing.schema.json"));
    // That is the file `brief new` keeps in the data folder, with what `brief schema` prints.
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["new", "--dir", dir.path().to_str().unwrap()])
        .env("BRIEF_DATA_DIR", data.path())
        .env("BRIEF_CONFIG", "")
        .output()
        .expect("brief new runs");
    assert!(out.status.success(), "{out:?}");
    let kept = std::fs::read_to_string(data.path().join("briefing.schema.json")).expect("kept");
    assert_eq!(kept, schema_json());
}
