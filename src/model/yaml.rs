//! Every YAML call of the project lives here, so that the backend can be swapped in one place.
//!
//! `serde_yaml` reads documents into the typed model; `yaml-rust2`'s event parser gives the
//! line and column of every key and value, which `serde_yaml` does not expose, so that checks
//! made after parsing can still point at the exact place in the file.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// Deeper nesting than this, in any style (flow brackets, block indentation, `? ` keys, or
/// through an alias), is refused before a recursive parser sees the text: no briefing needs more
/// than a few levels, and a few thousand would overflow a stack.
pub const MAX_DEPTH: usize = 32;

/// A list or mapping with more entries than this is refused: it is not a briefing, and every
/// later cost (panes, filters, positions) grows with it.
pub const MAX_ITEMS: usize = 2_000;

/// The most text a file may stand for once its aliases are expanded. Aliases let a small file
/// stand for gigabytes (`&a` a long string, `*a` many times); a briefing with aliases is
/// about as large as its file.
pub const MAX_EXPANDED_BYTES: u64 = 4 * 1024 * 1024;

/// A position in a file, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, column: 1 };
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

/// Refuses input whose bracket nesting exceeds [`MAX_DEPTH`], in one linear pass.
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
                if depth > MAX_DEPTH {
                    return Err(YamlError {
                        pos: Pos { line, column },
                        message: format!(
                            "brackets nested more than {MAX_DEPTH} levels deep; a briefing never needs that"
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

/// Refuses raw control characters, which YAML does not allow in a file, at their real place.
/// (Tabs, line ends and the YAML "next line" U+0085 are allowed; escapes such as `"\e"` in a
/// double-quoted string are how a briefing writes the others.)
pub fn check_characters(text: &str) -> Result<(), YamlError> {
    let (mut line, mut column) = (1usize, 0usize);
    for ch in text.chars() {
        column += 1;
        if ch == '\n' {
            line += 1;
            column = 0;
            continue;
        }
        let control = (ch.is_control() && !matches!(ch, '\t' | '\r' | '\u{85}'))
            || matches!(ch, '\u{fffe}' | '\u{ffff}');
        if control {
            return Err(YamlError {
                pos: Pos { line, column },
                message: format!(
                    "a raw control character (U+{:04X}) in the text; YAML does not allow it",
                    u32::from(ch)
                ),
            });
        }
    }
    Ok(())
}

/// Whether [`check_characters`] and [`check_nesting`] would both pass, in one pass over the
/// bytes: the common case costs no character decoding, and a file that fails is checked again by
/// those two for the place and the message.
pub fn plainly_clean(text: &str) -> bool {
    // What each byte asks of the scan: nearly all ask nothing, and are passed over by one
    // look in this table rather than a chain of comparisons.
    const PASS: u8 = 0;
    const REFUSE: u8 = 1;
    const OPEN: u8 = 2;
    const CLOSE: u8 = 3;
    const C2: u8 = 4;
    const EF: u8 = 5;
    const CLASS: [u8; 256] = {
        let mut class = [PASS; 256];
        let mut b = 0;
        while b < 0x20 {
            class[b] = REFUSE;
            b += 1;
        }
        class[b'\t' as usize] = PASS;
        class[b'\n' as usize] = PASS;
        class[b'\r' as usize] = PASS;
        class[0x7f] = REFUSE;
        class[b'[' as usize] = OPEN;
        class[b'{' as usize] = OPEN;
        class[b']' as usize] = CLOSE;
        class[b'}' as usize] = CLOSE;
        class[0xc2] = C2;
        class[0xef] = EF;
        class
    };
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match CLASS[usize::from(b)] {
            PASS => {}
            OPEN => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return false;
                }
            }
            CLOSE => depth = depth.saturating_sub(1),
            // C1 controls (U+0080 to U+009F), except the "next line" U+0085.
            C2 if matches!(bytes.get(i + 1), Some(0x80..=0x84 | 0x86..=0x9f)) => return false,
            // U+FFFE and U+FFFF.
            EF if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                return false;
            }
            C2 | EF => {}
            _ => return false,
        }
    }
    true
}

/// Whether `text` is written only in the plain shapes that both parsers read alike: one
/// `key: value` or `- key: value` or `- value` per line; values plain, quoted and closed on
/// their line (with the common escapes only), a flow list of such on one line, or a `|`/`>`
/// block; comments on their own line or after a space. The event pass ([`scan`]) is stricter than
/// the typed parser about what lies outside these shapes (a quoted scalar continued on a line
/// indented too little, a comment right after a quote, a flow list over several lines), so a file
/// that leaves them is given to the located path. Most files, written by hand or generated, stay
/// inside them.
pub fn plain_shape(text: &str) -> bool {
    if memchr::memchr2(b'\t', b'\r', text.as_bytes()).is_some() {
        return false;
    }
    // An open block scalar: the column its parent starts at, and its content's indentation
    // (set by its first line) with the most spaces on a blank line before that.
    let mut block: Option<(usize, Option<usize>, usize)> = None;
    for line in text.split('\n') {
        let rest = line.trim_start_matches(' ');
        let indent = line.len() - rest.len();
        if let Some((parent, content, lead)) = &mut block {
            if rest.is_empty() {
                if content.is_none() {
                    *lead = (*lead).max(indent);
                }
                continue;
            }
            if indent > *parent {
                match *content {
                    None if *lead > indent => return false,
                    None => *content = Some(indent),
                    Some(c) if indent < c => return false,
                    Some(_) => {}
                }
                continue;
            }
            block = None;
        }
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        match plain_line(rest, indent) {
            Some(None) => {}
            Some(Some(parent)) => block = Some((parent, None, 0)),
            None => return false,
        }
    }
    true
}

/// One line in a plain shape (see [`plain_shape`]): `None` when it is not; else `Some` of the
/// column a block scalar it opens belongs to, if it opens one.
fn plain_line(rest: &str, indent: usize) -> Option<Option<usize>> {
    if rest == "-" {
        return Some(None);
    }
    let (body, column, dashed) = match rest.strip_prefix("- ") {
        Some(after) => {
            let body = after.trim_start_matches(' ');
            (body, indent + rest.len() - body.len(), true)
        }
        None => (rest, indent, false),
    };
    let key_len = body
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .unwrap_or(body.len());
    let is_key = key_len > 0
        && body.as_bytes()[0].is_ascii_alphabetic()
        && body.as_bytes().get(key_len) == Some(&b':')
        && matches!(body.as_bytes().get(key_len + 1), None | Some(b' '));
    if is_key {
        let value = body[key_len + 1..].trim_start_matches(' ');
        if value.is_empty() {
            return Some(None);
        }
        return plain_value(value).map(|block| block.then_some(column));
    }
    if !dashed {
        return None;
    }
    plain_value(body).map(|block| block.then_some(indent))
}

/// A value in a plain shape: `Some(true)` for the header of a block scalar (`|`, `>-`, ...).
fn plain_value(value: &str) -> Option<bool> {
    let rest = match *value.as_bytes().first()? {
        b'"' => &value[1 + quoted_len(&value[1..])?..],
        b'\'' => &value[1 + single_quoted_len(&value[1..])?..],
        b'[' => &value[1 + flow_list_len(&value[1..])?..],
        b'|' | b'>' => {
            let header = value[1..].strip_prefix(['-', '+']).unwrap_or(&value[1..]);
            return ends_plainly(header).then_some(true);
        }
        b'-' | b'?' | b':' | b',' | b']' | b'{' | b'}' | b'#' | b'!' | b'%' | b'@' | b'`' => {
            return None;
        }
        _ => {
            let plain = value.split(" #").next().unwrap_or(value).trim_end();
            if plain.contains(": ") || plain.ends_with(':') {
                return None;
            }
            &value[plain.len()..]
        }
    };
    ends_plainly(rest).then_some(false)
}

/// Nothing after a value but spaces and a comment that follows one.
fn ends_plainly(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.len() < rest.len() && trimmed.starts_with('#'))
}

/// The length of a double-quoted scalar's text and its closing quote, if it closes on this line
/// with only the common escapes in it.
fn quoted_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if matches!(bytes.get(i + 1), Some(b'"' | b'\\' | b'n' | b't' | b'/')) => i += 2,
            b'\\' => return None,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// [`quoted_len`] for a single-quoted scalar, where `''` is a quote.
fn single_quoted_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// The length of a one-line flow list's entries and its `]`: double-quoted scalars or plain
/// words, separated by commas.
fn flow_list_len(text: &str) -> Option<usize> {
    let mut i = 0;
    let bytes = text.as_bytes();
    let skip_spaces = |i: &mut usize| {
        while bytes.get(*i) == Some(&b' ') {
            *i += 1;
        }
    };
    skip_spaces(&mut i);
    if bytes.get(i) == Some(&b']') {
        return Some(i + 1);
    }
    loop {
        match bytes.get(i)? {
            b'"' => i += 1 + quoted_len(&text[i + 1..])?,
            b if b.is_ascii_alphanumeric() => {
                while bytes.get(i).is_some_and(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'_' | b'-')
                }) {
                    i += 1;
                }
            }
            _ => return None,
        }
        skip_spaces(&mut i);
        match bytes.get(i)? {
            b',' => {
                i += 1;
                skip_spaces(&mut i);
            }
            b']' => return Some(i + 1),
            _ => return None,
        }
    }
}

/// Parses one document into `T` with the keys `T` does not know, or `None` on any error:
/// for a file already known to be bounded (see `parse_clean` in the loader), which needs no
/// position unless something is wrong, and is then parsed again by [`scan`] and [`from_str`].
pub fn from_str_unlocated<T: DeserializeOwned>(text: &str) -> Option<(T, Vec<Vec<PathSeg>>)> {
    typed(text).ok()
}

/// The typed parse both paths share, with the paths of the keys `T` does not know.
fn typed<T: DeserializeOwned>(text: &str) -> Result<(T, Vec<Vec<PathSeg>>), serde_yaml::Error> {
    let mut unknown = Vec::new();
    let de = serde_yaml::Deserializer::from_str(text);
    let value = serde_ignored::deserialize(de, |path| unknown.push(ignored_path(&path)))?;
    Ok((value, unknown))
}

/// At most this many type errors are reported for one file.
const MAX_TYPE_ERRORS: usize = 16;

/// Parses one document into `T`, collecting the paths of keys that `T` does not know.
/// Call [`scan`] first: it bounds the depth, the size and the aliases that this parser sees,
/// and gives the positions used to place every type error after the first.
pub fn from_str<T: DeserializeOwned>(
    text: &str,
    spans: &SpanIndex,
) -> Result<(T, Vec<Vec<PathSeg>>), Vec<YamlError>> {
    match typed(text) {
        Ok(parsed) => Ok(parsed),
        // A type error may be a knock-on of broken syntax further on: the syntax error is the
        // real cause, so it is reported when there is one.
        Err(typed) => match syntax_error(text) {
            Some(syntax) => Err(vec![syntax]),
            None => {
                let mut errors = vec![yaml_error(&typed)];
                errors.extend(more_type_errors::<T>(text, spans).into_iter().skip(1));
                Err(errors)
            }
        },
    }
}

/// Every type error of a document, one per top-level key: the parser stops at the first, so
/// each key found wrong is set aside and the rest is parsed again.
fn more_type_errors<T: DeserializeOwned>(text: &str, spans: &SpanIndex) -> Vec<YamlError> {
    let Ok(serde_yaml::Value::Mapping(mut map)) = serde_yaml::from_str(text) else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    let mut removed = Vec::new();
    while errors.len() < MAX_TYPE_ERRORS {
        let value = serde_yaml::Value::Mapping(map.clone());
        let Err(e) = serde_path_to_error::deserialize::<_, T>(value) else {
            break;
        };
        let mut dotted = Vec::new();
        for seg in e.path().iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => dotted.push(index.to_string()),
                serde_path_to_error::Segment::Map { key } => dotted.push(key.clone()),
                _ => {}
            }
        }
        // A key set aside is missing now: that is no new error.
        if dotted.is_empty()
            && removed
                .iter()
                .any(|k: &String| e.inner().to_string() == format!("missing field `{k}`"))
        {
            break;
        }
        let message = match e.path().to_string().as_str() {
            "." => e.inner().to_string(),
            path => format!("{path}: {}", e.inner()),
        };
        errors.push(YamlError {
            pos: spans.value(&dotted.join(".")),
            message: friendly_message(&message),
        });
        // An error at the top level (a missing field) comes after every key was read.
        let Some(key) = dotted.first() else { break };
        if map.remove(key.as_str()).is_none() {
            break;
        }
        removed.push(key.clone());
    }
    errors
}

/// The backend's syntax error for `text`, if it has one.
pub fn syntax_error(text: &str) -> Option<YamlError> {
    serde_yaml::from_str::<serde::de::IgnoredAny>(text)
        .err()
        .map(|e| {
            let mut err = yaml_error(&e);
            if err.message.contains("more than one YAML document") {
                err.pos = second_document_start(text);
            }
            err
        })
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

/// Where each key and value of a document starts, as a tree of nodes found by path.
///
/// A node stores its key once and its parent's number, not its whole path, so the memory is
/// linear in the file whatever its depth or key lengths.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    nodes: Vec<SpanNode>,
    children: HashMap<(u32, Seg), u32>,
}

#[derive(Debug, Clone, Copy)]
struct SpanNode {
    key: Option<Pos>,
    value: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Key(Box<str>),
    Index(u32),
}

impl SpanIndex {
    /// The deepest node on `path` that the index knows, and whether it is the whole path.
    fn find(&self, path: &str) -> Option<(SpanNode, bool)> {
        let mut node = 0u32;
        let root = *self.nodes.first()?;
        if path.is_empty() {
            return Some((root, true));
        }
        for part in path.split('.') {
            let by_index = part
                .parse::<u32>()
                .ok()
                .and_then(|i| self.children.get(&(node, Seg::Index(i))));
            let next = by_index.or_else(|| self.children.get(&(node, Seg::Key(part.into()))));
            match next {
                Some(&n) => node = n,
                None => return Some((self.nodes[node as usize], false)),
            }
        }
        Some((self.nodes[node as usize], true))
    }

    /// Where the key at `path` starts (falls back to its value, then its parents).
    pub fn key(&self, path: &str) -> Pos {
        match self.find(path) {
            Some((SpanNode { key: Some(k), .. }, true)) => k,
            _ => self.value(path),
        }
    }

    /// Where the value at `path` starts (falls back to the nearest parent that is known).
    pub fn value(&self, path: &str) -> Pos {
        self.find(path).map_or(Pos::START, |(n, _)| n.value)
    }

    /// Adds a node under `parent`; `Err` with the existing node when the segment is taken.
    fn add(&mut self, parent: u32, seg: Seg, key: Option<Pos>, value: Pos) -> Result<u32, u32> {
        let id = self.nodes.len() as u32;
        match self.children.entry((parent, seg)) {
            std::collections::hash_map::Entry::Occupied(e) => Err(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(id);
                self.nodes.push(SpanNode { key, value });
                Ok(id)
            }
        }
    }
}

/// Reads the document once, as events, without recursion: refuses what no briefing is (more
/// than one document, an empty file, nesting past [`MAX_DEPTH`], lists past [`MAX_ITEMS`],
/// aliases that expand past [`MAX_EXPANDED_BYTES`], a key written twice in one mapping) at the
/// place it happens, and returns where every key and value starts.
pub fn scan(text: &str) -> Result<SpanIndex, YamlError> {
    let mut scan = Scan::default();
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(e) => e,
            // The backend's own wording is the one users know; it is safe to ask for it now,
            // since everything read so far was within the limits.
            Err(e) => {
                return Err(syntax_error(text).unwrap_or_else(|| YamlError {
                    pos: pos_of(*e.marker()),
                    message: e.info().to_string(),
                }));
            }
        };
        let end = event == Event::StreamEnd;
        scan.on_event(event, pos_of(mark))?;
        if end {
            break;
        }
    }
    if !scan.has_content {
        let only_comments = text.lines().any(|l| !l.trim().is_empty());
        return Err(YamlError {
            pos: Pos::START,
            message: if only_comments {
                "the file holds no briefing, only comments or blank lines; a briefing needs at least `title` and `date`"
            } else {
                "the file is empty; a briefing needs at least `title` and `date`"
            }
            .to_string(),
        });
    }
    Ok(scan.index)
}

#[derive(Default)]
struct Scan {
    index: SpanIndex,
    /// One frame per open collection.
    stack: Vec<Frame>,
    documents: usize,
    has_content: bool,
    /// Text the document stands for so far, aliases expanded (one per node plus scalar bytes).
    expanded: u64,
    /// For each anchor: the text it stands for and how deep it nests.
    anchors: HashMap<usize, (u64, usize)>,
    /// The event being read starts a mapping.
    mapping_started_here: bool,
    /// A problem found at a mapping's start, reported at the next event.
    deferred: Option<String>,
}

struct Frame {
    /// The node of this collection in the index (`None` inside a complex key).
    node: Option<u32>,
    kind: FrameKind,
    anchor: usize,
    expanded_at_start: u64,
    /// The deepest nesting below this collection so far.
    height: usize,
}

enum FrameKind {
    Seq {
        next: u32,
    },
    /// `pending` is the key read and waiting for its value; `keys` counts the keys.
    Map {
        pending: Option<(Option<Box<str>>, Pos)>,
        keys: usize,
    },
}

/// What a node is while it is being placed: a key of a mapping, or a value with its node.
enum Placed {
    Key,
    Value(Option<u32>),
}

fn pos_of(mark: Marker) -> Pos {
    Pos {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

fn limit_error(pos: Pos, message: String) -> YamlError {
    YamlError { pos, message }
}

impl Scan {
    fn on_event(&mut self, event: Event, pos: Pos) -> Result<(), YamlError> {
        if let Some(message) = self.deferred.take() {
            return Err(limit_error(pos, message));
        }
        let result = self.on_event_inner(event, pos);
        // The parser marks a block mapping's start after its first key: a problem found there
        // is reported at the next event, the first key, where a reader sees the mapping begin.
        match result {
            Err(e) if self.mapping_started_here => {
                self.deferred = Some(e.message);
                Ok(())
            }
            other => other,
        }
    }

    fn on_event_inner(&mut self, event: Event, pos: Pos) -> Result<(), YamlError> {
        self.mapping_started_here = matches!(event, Event::MappingStart(..));
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(limit_error(
                        pos,
                        "the file holds more than one YAML document (a `---` line); keep one briefing per file".into(),
                    ));
                }
            }
            Event::Scalar(text, style, anchor, _) => {
                let is_root_null = self.stack.is_empty()
                    && text.is_empty()
                    && style == yaml_rust2::scanner::TScalarStyle::Plain;
                if !is_root_null {
                    self.has_content = true;
                }
                let size = text.len() as u64 + 1;
                self.grow(size, pos)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, (size, 0));
                }
                self.place(pos, Some(text.into()))?;
                self.close_leaf(0);
            }
            Event::Alias(id) => {
                self.has_content = true;
                let (size, height) = self.anchors.get(&id).copied().unwrap_or((1, 0));
                if self.stack.len() + height > MAX_DEPTH {
                    return Err(too_deep(pos));
                }
                self.grow(size, pos)?;
                self.place(pos, None)?;
                self.close_leaf(height);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.has_content = true;
                if self.stack.len() >= MAX_DEPTH {
                    return Err(too_deep(pos));
                }
                self.grow(1, pos)?;
                let node = match self.place(pos, None)? {
                    Placed::Key => None,
                    Placed::Value(node) => node,
                };
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    FrameKind::Seq { next: 0 }
                } else {
                    FrameKind::Map {
                        pending: None,
                        keys: 0,
                    }
                };
                self.stack.push(Frame {
                    node,
                    kind,
                    anchor,
                    expanded_at_start: self.expanded,
                    height: 0,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let height = frame.height + 1;
                    if frame.anchor > 0 {
                        let size = self.expanded - frame.expanded_at_start + 1;
                        self.anchors.insert(frame.anchor, (size, height));
                    }
                    self.close_leaf(height);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn grow(&mut self, size: u64, pos: Pos) -> Result<(), YamlError> {
        self.expanded = self.expanded.saturating_add(size);
        if self.expanded > MAX_EXPANDED_BYTES {
            return Err(limit_error(
                pos,
                format!(
                    "aliases expand the file past {} MiB of text (an alias bomb?); refusing it",
                    MAX_EXPANDED_BYTES >> 20
                ),
            ));
        }
        Ok(())
    }

    /// A node of this height has ended: its parent is at least one deeper.
    fn close_leaf(&mut self, height: usize) {
        if let Some(parent) = self.stack.last_mut() {
            parent.height = parent.height.max(height);
        }
    }

    /// Places the node that starts at `pos`: as the next key or value of the open collection.
    /// `key_text` is the scalar's text (`None` for collections and aliases).
    fn place(&mut self, pos: Pos, key_text: Option<Box<str>>) -> Result<Placed, YamlError> {
        let Some(frame) = self.stack.last_mut() else {
            if self.index.nodes.is_empty() {
                self.index.nodes.push(SpanNode {
                    key: None,
                    value: pos,
                });
            }
            return Ok(Placed::Value(Some(0)));
        };
        let parent = frame.node;
        match &mut frame.kind {
            FrameKind::Seq { next } => {
                if *next as usize >= MAX_ITEMS {
                    return Err(limit_error(
                        pos,
                        format!(
                            "more than {MAX_ITEMS} entries in one list; a briefing never needs that"
                        ),
                    ));
                }
                let seg = Seg::Index(*next);
                *next += 1;
                let Some(parent) = parent else {
                    return Ok(Placed::Value(None));
                };
                Ok(Placed::Value(self.index.add(parent, seg, None, pos).ok()))
            }
            FrameKind::Map { pending, keys } => match pending.take() {
                Some((key, key_pos)) => {
                    let Some(parent) = parent else {
                        return Ok(Placed::Value(None));
                    };
                    // Complex keys (collections, aliases) have no text and are not indexed.
                    let Some(key) = key else {
                        return Ok(Placed::Value(None));
                    };
                    let shown = crate::text::one_line(&key);
                    match self.index.add(parent, Seg::Key(key), Some(key_pos), pos) {
                        Ok(node) => Ok(Placed::Value(Some(node))),
                        Err(first) => {
                            let first = self.index.nodes[first as usize].key.unwrap_or_default();
                            Err(limit_error(
                                key_pos,
                                format!(
                                    "duplicate key `{}`: it is already at line {}, column {}",
                                    crate::text::clip(&shown, 80),
                                    first.line,
                                    first.column
                                ),
                            ))
                        }
                    }
                }
                None => {
                    *keys += 1;
                    if *keys > MAX_ITEMS {
                        return Err(limit_error(
                            pos,
                            format!(
                                "more than {MAX_ITEMS} keys in one mapping; a briefing never needs that"
                            ),
                        ));
                    }
                    *pending = Some((key_text, pos));
                    // The parser marks a block mapping's start after its first key; the key
                    // is where a reader sees the mapping begin.
                    if *keys == 1
                        && let Some(node) = parent
                    {
                        let start = &mut self.index.nodes[node as usize].value;
                        if (pos.line, pos.column) < (start.line, start.column) {
                            *start = pos;
                        }
                    }
                    Ok(Placed::Key)
                }
            },
        }
    }
}

fn too_deep(pos: Pos) -> YamlError {
    limit_error(
        pos,
        format!("nested more than {MAX_DEPTH} levels deep; a briefing never needs that"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`plainly_clean`] as first written, one comparison after another: the reference the
    /// table-driven scan is checked against.
    fn plainly_clean_reference(text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut depth = 0usize;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\t' | b'\n' | b'\r' => {}
                0..=0x1f | 0x7f => return false,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return false;
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                // C1 controls (U+0080 to U+009F), except the "next line" U+0085.
                0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) && bytes[i + 1] != 0x85 => {
                    return false;
                }
                // U+FFFE and U+FFFF.
                0xef if bytes.get(i + 1) == Some(&0xbf)
                    && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
                {
                    return false;
                }
                _ => {}
            }
            i += 1;
        }
        true
    }

    proptest! {
        /// The table-driven scan says what the plain one says, on text dense in the bytes it
        /// looks at: controls, brackets, C1 controls, U+FFFE/U+FFFF and their neighbours.
        #[test]
        fn plainly_clean_agrees_with_the_plain_scan(
            pieces in proptest::collection::vec(prop_oneof![
                Just("a".to_string()), Just("\n".to_string()), Just("\t".to_string()),
                Just("\r".to_string()), Just("[".to_string()), Just("]".to_string()),
                Just("{".to_string()), Just("}".to_string()), Just("\u{1}".to_string()),
                Just("\u{7f}".to_string()), Just("\u{85}".to_string()), Just("\u{80}".to_string()),
                Just("\u{9f}".to_string()), Just("\u{a0}".to_string()), Just("\u{fffe}".to_string()),
                Just("\u{ffff}".to_string()), Just("\u{fffd}".to_string()), Just("\u{f000}".to_string()),
                any::<char>().prop_map(String::from),
            ], 0..80)
        ) {
            let text: String = pieces.concat();
            prop_assert_eq!(plainly_clean(&text), plainly_clean_reference(&text), "{:?}", text);
        }

        /// Nesting deeper than the limit, and within it, as the plain scan sees it.
        #[test]
        fn plainly_clean_agrees_on_depth(opens in 0usize..40, closes in 0usize..40) {
            let text = format!("{}{}{}", "[".repeat(opens), "]".repeat(closes), "{".repeat(opens));
            prop_assert_eq!(plainly_clean(&text), plainly_clean_reference(&text));
        }
    }

    #[test]
    fn span_index_finds_keys_and_values() {
        let text = "title: T\nparticipants:\n  - name: A\n  - name: B\n    role: R\n";
        let idx = scan(text).unwrap();
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
    fn nesting_is_refused_in_every_style() {
        for deep in [
            "[".repeat(MAX_DEPTH + 1),
            "a:\n".to_string() + &"- ".repeat(MAX_DEPTH + 1) + "x",
            "? ".repeat(MAX_DEPTH + 1) + "x",
        ] {
            let err = scan(&deep).unwrap_err();
            assert!(err.message.contains("nested more than"), "{deep}: {err:?}");
        }
        assert!(scan("a: [[1], {b: [2]}]").is_ok());
    }
}
