//! A whole briefing as plain text (for a terminal) or Markdown (for a report).

use std::fmt::Write;

use crate::model::{Briefing, Entry, Outcome, Participant, Shared, TimelineEvent};
use crate::text::one_line;

/// One line about a participant: "Name — role, organization, country (delegation)".
pub fn participant_line(p: &Participant) -> String {
    let details: Vec<&str> = [&p.role, &p.organization, &p.country]
        .into_iter()
        .flatten()
        .map(Shared::as_str)
        .collect();
    let mut line = p.name.to_string();
    if !details.is_empty() {
        line.push_str(" — ");
        line.push_str(&details.join(", "));
    }
    if let Some(d) = &p.delegation {
        let _ = write!(line, " (delegation: {d})");
    }
    line
}

/// "[2024-03-06 09:30] event (with: A, B)".
pub fn timeline_line(e: &TimelineEvent) -> String {
    let mut line = String::new();
    if let Some(at) = &e.at {
        let _ = write!(line, "[{}] ", at.human());
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
        facts.push(s.to_string());
    }
    if let Some(d) = o.due {
        facts.push(format!("due {d}"));
    }
    facts.join(", ")
}

/// The briefing's days and place: "2023-11-14 · Morocco".
fn dates_and_place(b: &Briefing) -> String {
    let place = b.place();
    if place.is_empty() {
        b.dates()
    } else {
        format!("{} · {}", b.dates(), one_line(&place))
    }
}

/// Text as a terminal shows it, for measuring: unsafe characters in their visible form (the
/// sanitizer's), tabs as spaces.
fn shown(text: &str) -> String {
    crate::sanitize::visible(text).replace('\t', " ")
}

/// Lines wrapped at word boundaries to a width in terminal columns, with hanging indents.
struct Wrapped {
    width: usize,
    out: String,
}

impl Wrapped {
    /// `text` after `first` (an indent, a label or a list marker), every further line (wrapped
    /// or a line break of the text) indented to where the text began after `first`.
    fn hanging(&mut self, first: &str, text: &str) {
        let first = shown(first);
        let rest = " ".repeat(textwrap::core::display_width(&first));
        self.block(&first, &rest, text);
    }

    /// `text` with every line indented by `indent`.
    fn indented(&mut self, indent: &str, text: &str) {
        self.block(indent, indent, text);
    }

    fn block(&mut self, first: &str, rest: &str, text: &str) {
        let options = textwrap::Options::new(self.width)
            .initial_indent(first)
            .subsequent_indent(rest)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
            .break_words(true);
        for line in textwrap::wrap(&shown(text.trim()), options) {
            self.out.push_str(&line);
            self.out.push('\n');
        }
    }

    fn heading(&mut self, name: &str) {
        self.out.push('\n');
        self.out.push_str(name);
        self.out.push('\n');
    }
}

/// The narrowest width `text` wraps to; narrower requests are widened to it.
pub const MIN_WIDTH: usize = 20;

/// The briefing as text for a terminal `width` columns wide: every line fits, words are not
/// split (only a word longer than a line is), and each continuation line is indented under the
/// text it continues. Line breaks of the briefing's text (YAML's `|` blocks) are kept.
pub fn text(entry: &Entry, width: usize) -> String {
    let b = &entry.briefing;
    let mut w = Wrapped {
        width: width.max(MIN_WIDTH),
        out: String::new(),
    };
    w.hanging("", &one_line(&b.title));
    match b.place() {
        place if place.is_empty() => w.hanging("", &b.dates()),
        place => w.hanging(&format!("{} · ", b.dates()), &one_line(&place)),
    }
    if !b.tags.is_empty() {
        w.hanging("tags: ", &b.tags.join(", "));
    }
    let id_and_file = format!("id: {} · file: {}", entry.id, entry.file);
    if textwrap::core::display_width(&shown(&id_and_file)) <= w.width {
        w.hanging("", &id_and_file);
    } else {
        w.hanging("id: ", &entry.id);
        w.hanging("file: ", &entry.file);
    }
    if let Some(summary) = b.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        w.heading("Summary");
        w.indented("  ", summary);
    }
    if !b.sources.is_empty() {
        w.heading("Sources");
        for s in &b.sources {
            w.hanging("  - ", &s.display());
        }
    }
    if !b.participants.is_empty() {
        w.heading("Participants");
        for p in &b.participants {
            w.hanging("  - ", &participant_line(p));
            if let Some(n) = &p.notes {
                w.indented("    ", n);
            }
        }
    }
    if !b.timeline.is_empty() {
        w.heading("Timeline");
        for (i, e) in b.timeline.iter().enumerate() {
            w.hanging(&format!("  {}. ", i + 1), &timeline_line(e));
        }
    }
    if !b.agenda.is_empty() {
        w.heading("Agenda");
        for a in &b.agenda {
            w.hanging("  - ", &a.topic);
            if let Some(sum) = &a.summary {
                w.indented("    ", sum);
            }
            if !a.tags.is_empty() {
                w.hanging("    tags: ", &a.tags.join(", "));
            }
        }
    }
    if !b.outcomes.is_empty() {
        w.heading("Outcomes");
        for o in &b.outcomes {
            let facts = outcome_facts(o);
            if facts.is_empty() {
                w.hanging("  - ", &o.summary);
            } else {
                w.hanging("  - ", &format!("[{facts}] {}", o.summary.trim()));
            }
            if !o.parties.is_empty() {
                w.hanging("    parties: ", &o.parties.join(", "));
            }
        }
    }
    w.out
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

/// [`md`] over text that may hold line breaks (YAML's `|` blocks): each break is kept as a
/// Markdown hard break (two spaces at the end of the line) and a blank line as a paragraph
/// break; every line after the first is indented by `indent`, so that it stays inside its list
/// item.
fn md_lines(text: &str, indent: &str) -> String {
    let escaped = md(text);
    let lines: Vec<&str> = escaped.lines().map(str::trim_end).collect();
    let mut out = String::with_capacity(escaped.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            if !line.is_empty() && !lines[i - 1].is_empty() {
                out.push_str("  ");
            }
            out.push('\n');
            if !line.is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(line);
    }
    out
}

/// The briefing as Markdown, ready to paste into a report. Line breaks of the briefing's text
/// are kept; Markdown is not wrapped (whatever shows it does that).
pub fn markdown(entry: &Entry) -> String {
    let b = &entry.briefing;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&one_line(&b.title)));
    let _ = writeln!(out, "{}  ", md(&dates_and_place(b)));
    if !b.tags.is_empty() {
        let _ = writeln!(out, "{}  ", md(&format!("tags: {}", b.tags.join(", "))));
    }
    if let Some(s) = &b.summary {
        let _ = writeln!(out, "\n{}", md_lines(s, ""));
    }
    if !b.sources.is_empty() {
        let _ = writeln!(out, "\n## Sources\n");
        for s in &b.sources {
            let _ = writeln!(out, "- {}", md_lines(&s.display(), "  "));
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
                format!(" {}", md_lines(details, "  "))
            };
            let _ = writeln!(out, "- **{}**{details}", md(&one_line(&p.name)));
            if let Some(n) = &p.notes {
                let _ = writeln!(out, "  {}", md_lines(n, "  "));
            }
        }
    }
    if !b.timeline.is_empty() {
        let _ = writeln!(out, "\n## Timeline\n");
        for (i, e) in b.timeline.iter().enumerate() {
            let marker = format!("{}. ", i + 1);
            let indent = " ".repeat(marker.len());
            let _ = writeln!(out, "{marker}{}", md_lines(&timeline_line(e), &indent));
        }
    }
    if !b.agenda.is_empty() {
        let _ = writeln!(out, "\n## Agenda\n");
        for a in &b.agenda {
            let _ = writeln!(out, "- **{}**", md(&one_line(&a.topic)));
            if let Some(s) = &a.summary {
                let _ = writeln!(out, "  {}", md_lines(s, "  "));
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
            let _ = writeln!(out, "- {lead}{}", md_lines(&o.summary, "  "));
            if !o.parties.is_empty() {
                let _ = writeln!(out, "  Parties: {}", md(&o.parties.join(", ")));
            }
        }
    }
    out
}
