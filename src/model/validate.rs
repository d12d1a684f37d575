//! Checks made after a file has parsed: what the types alone cannot say.

use std::collections::HashSet;

use schemars::JsonSchema;

use super::diagnostic::Diagnostic;
use super::types::{
    AgendaItem, Briefing, Location, Outcome, Participant, SourceRef, TimelineEvent,
};
use super::yaml::{PathSeg, SpanIndex, path_text};

/// All errors and warnings of one parsed briefing.
pub fn validate(
    file: &str,
    briefing: &Briefing,
    spans: &SpanIndex,
    unknown_keys: &[Vec<PathSeg>],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut required = |path: String, value: &str, what: &str| {
        if value.trim().is_empty() {
            out.push(
                Diagnostic::error(file, spans.value(&path), format!("`{path}` is empty"))
                    .with_hint(format!("write the {what}, or remove the entry")),
            );
        }
    };
    if let Some(id) = &briefing.id {
        required(
            "id".into(),
            id,
            "id (or leave `id` out to use the file name)",
        );
    }
    required("title".into(), &briefing.title, "meeting's title");
    for (i, p) in briefing.participants.iter().enumerate() {
        required(format!("participants.{i}.name"), &p.name, "person's name");
    }
    for (i, e) in briefing.timeline.iter().enumerate() {
        required(format!("timeline.{i}.event"), &e.event, "event");
    }
    for (i, a) in briefing.agenda.iter().enumerate() {
        required(format!("agenda.{i}.topic"), &a.topic, "topic");
    }
    for (i, o) in briefing.outcomes.iter().enumerate() {
        required(format!("outcomes.{i}.summary"), &o.summary, "outcome");
    }

    if let Some(end) = briefing.end_date
        && end < briefing.date
    {
        out.push(
            Diagnostic::error(
                file,
                spans.value("end_date"),
                format!("`end_date` {end} is before `date` {}", briefing.date),
            )
            .with_hint("swap the two dates, or fix the one that is wrong"),
        );
    }

    let names: HashSet<&str> = briefing
        .participants
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    for (i, e) in briefing.timeline.iter().enumerate() {
        for (j, name) in e.participants.iter().enumerate() {
            if names.contains(name.as_str()) {
                continue;
            }
            let pos = spans.value(&format!("timeline.{i}.participants.{j}"));
            let d = Diagnostic::warning(
                file,
                pos,
                format!("`{name}` in the timeline is not one of the briefing's participants"),
            );
            out.push(match closest(name, names.iter().copied()) {
                Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                None => d.with_hint("add them to `participants`, or fix the spelling"),
            });
        }
    }

    for path in unknown_keys {
        out.push(unknown_key(file, spans, path));
    }
    out
}

fn unknown_key(file: &str, spans: &SpanIndex, path: &[PathSeg]) -> Diagnostic {
    let (key, parent) = match path.split_last() {
        Some((PathSeg::Key(k), parent)) => (k.as_str(), parent),
        _ => ("", path),
    };
    let known = known_keys_at(parent);
    let pos = spans.key(&path_text(path));
    let where_ = if parent.is_empty() {
        String::new()
    } else {
        format!(" in `{}`", path_text(parent))
    };
    let message = match closest(key, known.iter().map(String::as_str)) {
        Some(s) => format!("unknown key `{key}`{where_}, did you mean `{s}`?"),
        None => format!("unknown key `{key}`{where_}"),
    };
    let d = Diagnostic::warning(file, pos, message);
    if known.is_empty() {
        d
    } else {
        d.with_hint(format!("known keys here: {}", known.join(", ")))
    }
}

/// The keys the format allows in the mapping at `parent`, read from the types' own schema so
/// that they can never disagree with what the parser accepts.
fn known_keys_at(parent: &[PathSeg]) -> Vec<String> {
    let first = match parent.first() {
        None => return keys_of::<Briefing>(),
        Some(PathSeg::Key(k)) => k.as_str(),
        Some(PathSeg::Index(_)) => return Vec::new(),
    };
    if parent.len() > 2 {
        return Vec::new();
    }
    match first {
        "location" => keys_of::<Location>(),
        "sources" => keys_of::<SourceRef>(),
        "participants" => keys_of::<Participant>(),
        "timeline" => keys_of::<TimelineEvent>(),
        "agenda" => keys_of::<AgendaItem>(),
        "outcomes" => keys_of::<Outcome>(),
        _ => Vec::new(),
    }
}

fn keys_of<T: JsonSchema>() -> Vec<String> {
    let schema = schemars::schema_for!(T);
    schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The candidate closest to `word` in spelling, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *c != word && *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
