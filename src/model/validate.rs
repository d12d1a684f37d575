//! Checks made after a file has parsed: what the types alone cannot say.

use std::collections::HashSet;

use schemars::JsonSchema;

use super::diagnostic::Diagnostic;
use super::types::{
    AgendaItem, Briefing, Location, Outcome, Participant, SourceRef, TimelineEvent,
};
use super::yaml::{PathSeg, SpanIndex, path_text};

/// At most this many warnings of one kind are listed for a file; the rest are counted in one
/// last warning, so that a file of 100,000 unknown keys costs no more than a real one.
pub const MAX_WARNINGS_OF_A_KIND: usize = 50;

/// "Did you mean" is worked out for this many names of a file at most.
const MAX_SUGGESTIONS: usize = 10;

/// "Did you mean" compares at most this many characters: a longer word is not a typo of a name.
const MAX_SUGGESTION_CHARS: usize = 64;

/// All errors and warnings of one parsed briefing.
pub fn validate(
    file: &str,
    briefing: &Briefing,
    spans: &SpanIndex,
    unknown_keys: &[Vec<PathSeg>],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The path is written out only for a field that is empty: most are not.
    let mut required = |path: &dyn Fn() -> String, value: &str, what: &str| {
        if value.trim().is_empty() {
            let path = path();
            out.push(
                Diagnostic::error(file, spans.value(&path), format!("`{path}` is empty"))
                    .with_hint(format!("write the {what}, or remove the entry")),
            );
        }
    };
    if let Some(id) = &briefing.id {
        required(
            &|| "id".into(),
            id,
            "id (or leave `id` out to use the file name)",
        );
    }
    required(&|| "title".into(), &briefing.title, "meeting's title");
    for (i, p) in briefing.participants.iter().enumerate() {
        required(
            &|| format!("participants.{i}.name"),
            &p.name,
            "person's name",
        );
    }
    for (i, e) in briefing.timeline.iter().enumerate() {
        required(&|| format!("timeline.{i}.event"), &e.event, "event");
    }
    for (i, a) in briefing.agenda.iter().enumerate() {
        required(&|| format!("agenda.{i}.topic"), &a.topic, "topic");
    }
    for (i, o) in briefing.outcomes.iter().enumerate() {
        required(&|| format!("outcomes.{i}.summary"), &o.summary, "outcome");
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
    let mut strangers = briefing.timeline.iter().enumerate().flat_map(|(i, e)| {
        e.participants
            .iter()
            .enumerate()
            .filter(|(_, name)| !names.contains(name.as_str()))
            .map(move |(j, name)| (i, j, name))
    });
    for (n, (i, j, name)) in strangers.by_ref().take(MAX_WARNINGS_OF_A_KIND).enumerate() {
        let pos = spans.value(&format!("timeline.{i}.participants.{j}"));
        let d = Diagnostic::warning(
            file,
            pos,
            format!(
                "`{}` in the timeline is not one of the briefing's participants",
                crate::text::clip(name, 80)
            ),
        );
        // Suggestions compare a name with every participant: the first few are enough.
        let suggestion = (n < MAX_SUGGESTIONS)
            .then(|| closest(name, names.iter().copied()))
            .flatten();
        out.push(match suggestion {
            Some(s) => d.with_hint(format!("did you mean `{s}`?")),
            None => d.with_hint("add them to `participants`, or fix the spelling"),
        });
    }
    let more = strangers.count();
    if more > 0 {
        out.push(Diagnostic::warning(
            file,
            spans.value("timeline"),
            format!("{more} more names in the timeline are not participants"),
        ));
    }

    for path in unknown_keys.iter().take(MAX_WARNINGS_OF_A_KIND) {
        out.push(unknown_key(file, spans, path));
    }
    if let Some(more) = unknown_keys.len().checked_sub(MAX_WARNINGS_OF_A_KIND)
        && more > 0
    {
        out.push(Diagnostic::warning(
            file,
            spans.key(&path_text(&unknown_keys[MAX_WARNINGS_OF_A_KIND])),
            format!("{more} more unknown keys"),
        ));
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
        format!(" in `{}`", crate::text::clip(&path_text(parent), 80))
    };
    let shown = crate::text::clip(&crate::text::one_line(key), 80);
    let message = match closest(key, known.iter().map(String::as_str)) {
        Some(s) => format!("unknown key `{shown}`{where_}, did you mean `{s}`?"),
        None => format!("unknown key `{shown}`{where_}"),
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
fn known_keys_at(parent: &[PathSeg]) -> &'static [String] {
    use std::sync::OnceLock;
    // Generating a schema is slow; each type's keys are read from it once per process.
    macro_rules! keys {
        ($t:ty) => {{
            static KEYS: OnceLock<Vec<String>> = OnceLock::new();
            KEYS.get_or_init(keys_of::<$t>).as_slice()
        }};
    }
    let first = match parent.first() {
        None => return keys!(Briefing),
        Some(PathSeg::Key(k)) => k.as_str(),
        Some(PathSeg::Index(_)) => return &[],
    };
    if parent.len() > 2 {
        return &[];
    }
    match first {
        "location" => keys!(Location),
        "sources" => keys!(SourceRef),
        "participants" => keys!(Participant),
        "timeline" => keys!(TimelineEvent),
        "agenda" => keys!(AgendaItem),
        "outcomes" => keys!(Outcome),
        _ => &[],
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
/// Words and candidates longer than a name are passed over, and so are candidates whose length
/// alone rules them out, so the cost stays small whatever the input.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let len = lower.chars().count();
    if len > MAX_SUGGESTION_CHARS {
        return None;
    }
    candidates
        .filter_map(|c| {
            let c_len = c.chars().count();
            let allowed = (c_len / 3).max(2);
            if c_len > MAX_SUGGESTION_CHARS || c_len.abs_diff(len) > allowed || c == word {
                return None;
            }
            let d = strsim::osa_distance(&lower, &c.to_lowercase());
            (d <= allowed).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
