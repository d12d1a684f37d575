//! A whole briefing as plain text (for a terminal) or Markdown (for a report).

use std::fmt::Write;

use crate::model::{Briefing, Entry, Outcome, Participant, TimelineEvent};

/// One line about a participant: "Name — role, organization, country (delegation)".
pub fn participant_line(p: &Participant) -> String {
    let details: Vec<&str> = [&p.role, &p.organization, &p.country]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let mut line = p.name.clone();
    if !details.is_empty() {
        line.push_str(" — ");
        line.push_str(&details.join(", "));
    }
    if let Some(d) = &p.delegation {
        let _ = write!(line, " (delegation: {d})");
    }
    line
}

/// "[09:30] event (with: A, B)".
pub fn timeline_line(e: &TimelineEvent) -> String {
    let mut line = String::new();
    if let Some(at) = &e.at {
        let _ = write!(line, "[{at}] ");
    }
    line.push_str(&e.event);
    if !e.participants.is_empty() {
        let _ = write!(line, " (with: {})", e.participants.join(", "));
    }
    line
}

/// "kind, status, due 2024-01-01" for an outcome, empty when none is given.
pub fn outcome_facts(o: &Outcome) -> String {
    let mut facts: Vec<String> = Vec::new();
    if let Some(k) = o.kind {
        facts.push(k.to_string());
    }
    if let Some(s) = &o.status {
        facts.push(s.clone());
    }
    if let Some(d) = o.due {
        facts.push(format!("due {d}"));
    }
    facts.join(", ")
}

fn header_lines(b: &Briefing) -> Vec<String> {
    let mut lines = vec![b.dates()];
    let place = b.place();
    if !place.is_empty() {
        lines[0].push_str(&format!(" · {place}"));
    }
    if !b.tags.is_empty() {
        lines.push(format!("tags: {}", b.tags.join(", ")));
    }
    lines
}

/// The briefing as text for a terminal.
pub fn text(entry: &Entry) -> String {
    let b = &entry.briefing;
    let mut out = String::new();
    let _ = writeln!(out, "{}", b.title);
    for l in header_lines(b) {
        let _ = writeln!(out, "{l}");
    }
    let _ = writeln!(out, "id: {} · file: {}", entry.id, entry.file);
    let mut section = |name: &str, items: Vec<String>| {
        if !items.is_empty() {
            let _ = writeln!(out, "\n{name}");
            for i in items {
                let _ = writeln!(out, "  {}", i.replace('\n', "\n    "));
            }
        }
    };
    section(
        "Summary",
        b.summary.iter().map(|s| s.trim().to_string()).collect(),
    );
    section(
        "Sources",
        b.sources
            .iter()
            .map(|s| format!("- {}", s.display()))
            .collect(),
    );
    section(
        "Participants",
        b.participants
            .iter()
            .map(|p| match &p.notes {
                Some(n) => format!("- {}\n{}", participant_line(p), n.trim()),
                None => format!("- {}", participant_line(p)),
            })
            .collect(),
    );
    section(
        "Timeline",
        b.timeline
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{}. {}", i + 1, timeline_line(e)))
            .collect(),
    );
    section(
        "Agenda",
        b.agenda
            .iter()
            .map(|a| {
                let mut s = format!("- {}", a.topic);
                if let Some(sum) = &a.summary {
                    let _ = write!(s, "\n{}", sum.trim());
                }
                if !a.tags.is_empty() {
                    let _ = write!(s, "\ntags: {}", a.tags.join(", "));
                }
                s
            })
            .collect(),
    );
    section(
        "Outcomes",
        b.outcomes
            .iter()
            .map(|o| {
                let facts = outcome_facts(o);
                let mut s = if facts.is_empty() {
                    format!("- {}", o.summary.trim())
                } else {
                    format!("- [{facts}] {}", o.summary.trim())
                };
                if !o.parties.is_empty() {
                    let _ = write!(s, "\nparties: {}", o.parties.join(", "));
                }
                s
            })
            .collect(),
    );
    out
}

/// Escapes the characters that Markdown would read as formatting.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The briefing as Markdown, ready to paste into a report.
pub fn markdown(entry: &Entry) -> String {
    let b = &entry.briefing;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&b.title));
    for l in header_lines(b) {
        let _ = writeln!(out, "{}  ", md(&l));
    }
    if let Some(s) = &b.summary {
        let _ = writeln!(out, "\n{}", md(s));
    }
    if !b.sources.is_empty() {
        let _ = writeln!(out, "\n## Sources\n");
        for s in &b.sources {
            let _ = writeln!(out, "- {}", md(&s.display()));
        }
    }
    if !b.participants.is_empty() {
        let _ = writeln!(out, "\n## Participants\n");
        for p in &b.participants {
            let details = participant_line(p);
            let details = details.strip_prefix(p.name.as_str()).unwrap_or("");
            let details = if details.is_empty() {
                String::new()
            } else {
                format!(" {}", md(details))
            };
            let _ = writeln!(out, "- **{}**{details}", md(&p.name));
            if let Some(n) = &p.notes {
                let _ = writeln!(out, "  {}", md(n));
            }
        }
    }
    if !b.timeline.is_empty() {
        let _ = writeln!(out, "\n## Timeline\n");
        for (i, e) in b.timeline.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, md(&timeline_line(e)));
        }
    }
    if !b.agenda.is_empty() {
        let _ = writeln!(out, "\n## Agenda\n");
        for a in &b.agenda {
            let _ = writeln!(out, "- **{}**", md(&a.topic));
            if let Some(s) = &a.summary {
                let _ = writeln!(out, "  {}", md(s));
            }
        }
    }
    if !b.outcomes.is_empty() {
        let _ = writeln!(out, "\n## Outcomes\n");
        for o in &b.outcomes {
            let facts = outcome_facts(o);
            let lead = if facts.is_empty() {
                String::new()
            } else {
                format!("*{}*: ", md(&facts))
            };
            let _ = writeln!(out, "- {lead}{}", md(&o.summary));
            if !o.parties.is_empty() {
                let _ = writeln!(out, "  Parties: {}", md(&o.parties.join(", ")));
            }
        }
    }
    out
}
