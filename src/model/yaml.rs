//! Every YAML call of the project lives here, so that the backend can be swapped in one place.
//!
//! `serde_yaml` reads documents into the typed model; `yaml-rust2`'s event parser gives the
//! line and column of every key and value, which `serde_yaml` does not expose, so that checks
//! made after parsing can still point at the exact place in the file.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Deeper flow nesting than this is refused before parsing: `serde_yaml` takes time quadratic
/// in the nesting depth of flow collections, and no briefing needs more than a few levels.
pub const MAX_NESTING: usize = 32;

/// A position in a file, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

/// One step of a path into a document: `participants.2.name` is `[Key, Index, Key]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// Dotted text form of a path, as used by [`SpanIndex`]: `participants.2.name`.
pub fn path_text(path: &[PathSeg]) -> String {
    path.iter()
        .map(|s| match s {
            PathSeg::Key(k) => k.clone(),
            PathSeg::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Refuses input whose bracket nesting exceeds [`MAX_NESTING`], in one linear pass.
/// Brackets inside quoted text count too: a real briefing never comes near the limit.
pub fn check_nesting(text: &str) -> Result<(), YamlError> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    for ch in text.chars() {
        column += 1;
        match ch {
            '\n' => {
                line += 1;
                column = 0;
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(YamlError {
                        pos: Pos { line, column },
                        message: format!(
                            "brackets nested more than {MAX_NESTING} levels deep; a briefing never needs that"
                        ),
                    });
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Parses one document into `T`, collecting the paths of keys that `T` does not know.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<(T, Vec<Vec<PathSeg>>), YamlError> {
    // A first pass for syntax alone, so that a broken file reports the real cause and not a
    // knock-on type error from the part read before it.
    serde_yaml::from_str::<serde::de::IgnoredAny>(text).map_err(|e| {
        let mut err = yaml_error(&e);
        if err.message.contains("more than one YAML document") {
            err.pos = second_document_start(text);
        }
        err
    })?;
    let mut unknown = Vec::new();
    let de = serde_yaml::Deserializer::from_str(text);
    let value = serde_ignored::deserialize(de, |path| unknown.push(ignored_path(&path)))
        .map_err(|e| yaml_error(&e))?;
    Ok((value, unknown))
}

/// The line of the `---` (or `...`) that ends the first document, for a clear error.
fn second_document_start(text: &str) -> Pos {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let marker = line.starts_with("---") || line.starts_with("...");
        if marker && seen_content {
            return Pos {
                line: i + 1,
                column: 1,
            };
        }
        let trimmed = line.trim();
        if !marker && !trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with('%')
        {
            seen_content = true;
        }
    }
    Pos { line: 1, column: 1 }
}

fn ignored_path(path: &serde_ignored::Path<'_>) -> Vec<PathSeg> {
    use serde_ignored::Path;
    let mut segs = Vec::new();
    let mut cur = path;
    loop {
        match cur {
            Path::Root => break,
            Path::Seq { parent, index } => {
                segs.push(PathSeg::Index(*index));
                cur = parent;
            }
            Path::Map { parent, key } => {
                segs.push(PathSeg::Key(key.clone()));
                cur = parent;
            }
            Path::Some { parent }
            | Path::NewtypeStruct { parent }
            | Path::NewtypeVariant { parent } => cur = parent,
        }
    }
    segs.reverse();
    segs
}

fn yaml_error(e: &serde_yaml::Error) -> YamlError {
    let pos = e
        .location()
        .map(|l| Pos {
            line: l.line(),
            column: l.column(),
        })
        .unwrap_or(Pos { line: 1, column: 1 });
    // serde_yaml appends " at line L column C" (and libyaml a context); the position is
    // reported separately, so keep only the message itself.
    let full = e.to_string();
    let mut message = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    if let Some(i) = full.find(", while ") {
        let context = &full[i + 2..];
        message = format!(
            "{message} ({})",
            context.replace(" at line ", " that starts at line ")
        );
    }
    YamlError {
        pos,
        message: friendly_message(&message),
    }
}

/// Rewords the backend's messages that a user could not act on as they stand.
fn friendly_message(message: &str) -> String {
    if message.contains("more than one document") {
        "the file holds more than one YAML document (a `---` line); keep one briefing per file"
            .to_string()
    } else if message == "EOF while parsing a value" {
        "the file is empty; a briefing needs at least `title` and `date`".to_string()
    } else if message.contains("repetition limit exceeded") {
        "too many aliases expanded (an alias bomb?); refusing the file".to_string()
    } else if message.contains("recursion limit exceeded") {
        "nested too deeply; a briefing never needs that".to_string()
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some(found) = rest.strip_suffix(", expected struct Briefing") {
            format!(
                "not a briefing: the top level must be a mapping with `title` and `date`, found {found}"
            )
        } else {
            format!("wrong type: found {rest}")
        }
    } else {
        message.to_string()
    }
}

/// Where each key and value of a document starts, by dotted path.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    keys: HashMap<String, Pos>,
    values: HashMap<String, Pos>,
}

impl SpanIndex {
    /// Builds the index; an input the event parser refuses gives an empty index.
    pub fn build(text: &str) -> SpanIndex {
        let mut builder = SpanBuilder::default();
        let mut parser = Parser::new_from_str(text);
        // Errors were already reported by `from_str`; positions are then best effort.
        let _ = parser.load(&mut builder, false);
        builder.index
    }

    /// Where the key at `path` starts (falls back to its value, then its parents).
    pub fn key(&self, path: &str) -> Pos {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.value(path))
    }

    /// Where the value at `path` starts (falls back to the nearest parent that is known).
    pub fn value(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.values.get(p) {
                return *pos;
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => {
                    return self
                        .values
                        .get("")
                        .copied()
                        .unwrap_or(Pos { line: 1, column: 1 });
                }
            }
        }
    }
}

#[derive(Default)]
struct SpanBuilder {
    index: SpanIndex,
    /// One frame per open collection: the path to it and where the next child goes.
    stack: Vec<Frame>,
}

struct Frame {
    path: String,
    kind: FrameKind,
}

enum FrameKind {
    Seq {
        next: usize,
    },
    /// `pending` is the key read and waiting for its value; `empty` until the first key.
    Map {
        pending: Option<(String, Pos)>,
        empty: bool,
    },
}

fn pos_of(mark: Marker) -> Pos {
    Pos {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

impl SpanBuilder {
    /// Where the value that starts now goes, or `None` when it is a mapping key.
    fn place_value(&mut self, pos: Pos, key_text: Option<&str>) -> Option<String> {
        let Some(frame) = self.stack.last_mut() else {
            self.index.values.insert(String::new(), pos);
            return Some(String::new());
        };
        match &mut frame.kind {
            FrameKind::Seq { next } => {
                let path = join(&frame.path, &next.to_string());
                *next += 1;
                self.index.values.insert(path.clone(), pos);
                Some(path)
            }
            FrameKind::Map { pending, empty } => match pending.take() {
                Some((key, key_pos)) => {
                    let path = join(&frame.path, &key);
                    self.index.keys.insert(path.clone(), key_pos);
                    self.index.values.insert(path.clone(), pos);
                    Some(path)
                }
                None => {
                    // A key. Complex keys (collections) get no text and are skipped.
                    *pending = Some((key_text.unwrap_or_default().to_string(), pos));
                    // The parser marks a block mapping's start after its first key; the key
                    // is where a reader sees the mapping begin.
                    if std::mem::take(empty) {
                        let start = self.index.values.entry(frame.path.clone()).or_insert(pos);
                        if (pos.line, pos.column) < (start.line, start.column) {
                            *start = pos;
                        }
                    }
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for SpanBuilder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = pos_of(mark);
        match ev {
            Event::Scalar(text, ..) => {
                self.place_value(pos, Some(&text));
            }
            Event::Alias(_) => {
                self.place_value(pos, Some(""));
            }
            Event::SequenceStart(..) => {
                let path = self.place_value(pos, None).unwrap_or_default();
                self.stack.push(Frame {
                    path,
                    kind: FrameKind::Seq { next: 0 },
                });
            }
            Event::MappingStart(..) => {
                let path = self.place_value(pos, None).unwrap_or_default();
                self.stack.push(Frame {
                    path,
                    kind: FrameKind::Map {
                        pending: None,
                        empty: true,
                    },
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_index_finds_keys_and_values() {
        let text = "title: T\nparticipants:\n  - name: A\n  - name: B\n    role: R\n";
        let idx = SpanIndex::build(text);
        assert_eq!(idx.key("title"), Pos { line: 1, column: 1 });
        assert_eq!(idx.value("title"), Pos { line: 1, column: 8 });
        assert_eq!(idx.key("participants.1.role"), Pos { line: 5, column: 5 });
        assert_eq!(
            idx.value("participants.1.name"),
            Pos {
                line: 4,
                column: 11
            }
        );
        // Unknown paths fall back to the nearest known parent.
        assert_eq!(
            idx.value("participants.1.nothing"),
            Pos { line: 4, column: 5 }
        );
    }

    #[test]
    fn nesting_is_refused_before_parsing() {
        let deep = "[".repeat(MAX_NESTING + 1);
        let err = check_nesting(&deep).unwrap_err();
        assert_eq!(
            err.pos,
            Pos {
                line: 1,
                column: MAX_NESTING + 1
            }
        );
        assert!(check_nesting("a: [[1], {b: [2]}]").is_ok());
    }
}
