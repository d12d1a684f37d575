//! The status line: what matters first. Its parts have priorities: problems and the current
//! mode are dropped last, then hints, then the sort, and the source path is shortened with `…`
//! before anything else goes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::{Mode, State, View, command_named};
use crate::model::Severity;
use crate::text::{fit, fit_start, plural, thousands, width};

/// A part of the status line; lower `rank` is kept longer.
#[derive(Clone)]
struct Part {
    text: String,
    style: Style,
    rank: u8,
}

const PROBLEM: u8 = 0;
const MODE: u8 = 1;
const HINTS: u8 = 2;
const SORT: u8 = 3;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let corpus = &state.corpus;
    let mut parts = Vec::new();
    let mut part = |text: String, style: Style, rank: u8| parts.push(Part { text, style, rank });
    match state.loading {
        // Nothing is shown as complete before it is.
        Some((done, total)) => part(
            match (done, total) {
                (_, 0) => "looking for briefings…".to_string(),
                (done, total) if done < total => {
                    format!("loading {}/{} files", thousands(done), thousands(total))
                }
                _ => "preparing the search…".to_string(),
            },
            theme.warning,
            MODE,
        ),
        None => part(
            format!(
                "{}/{} briefings",
                thousands(state.visible.len()),
                thousands(corpus.briefings.len())
            ),
            Style::default(),
            MODE,
        ),
    }
    let errors = corpus.count(Severity::Error);
    let warnings = corpus.count(Severity::Warning);
    if errors + warnings > 0 {
        let style = if errors > 0 {
            theme.error
        } else {
            theme.warning
        };
        let count = |n: usize, word: &str| format!("{n} {word}{}", plural(n));
        let text = match (errors, warnings) {
            (0, w) => count(w, "warning"),
            (e, 0) => count(e, "error"),
            (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
        };
        part(format!("{text} (!)"), style, PROBLEM);
    }
    if !state.config_problems.is_empty() {
        let n = state.config_problems.len();
        part(
            format!("config: {n} problem{} (!)", plural(n)),
            theme.error,
            PROBLEM,
        );
    }
    if let Some(problem) = &state.watch_problem {
        part(problem.clone(), theme.error, PROBLEM);
    }
    if let Some(e) = query_error(state) {
        part(format!("query: {e}"), theme.error, PROBLEM);
    }
    // A message (until the next key) takes the sort's place: it is often about the sort.
    if state.views.is_empty() && state.message.is_none() {
        let filtering = !state.filter.line.query.is_empty();
        part(
            format!("sort: {}", state.sort.label(filtering)),
            theme.dim,
            SORT,
        );
    }
    if let Some(m) = &state.message {
        part(m.clone(), theme.label, MODE);
    }
    let [full, short] = hints(state);
    let source = corpus.source.clone();
    // The short hints stand in for the full ones only where those would be dropped.
    let mut line = arrange(state, area.width, &source, parts.clone(), &full);
    if !line_has(&line, &full) {
        line = arrange(state, area.width, &source, parts, &short);
    }
    frame.render_widget(Paragraph::new(line), area);
    draw_long_error(state, frame, area);
}

fn line_has(line: &Line, text: &str) -> bool {
    line.spans.iter().any(|s| s.content.trim_end() == text)
}

/// The error of the filter line being edited, or of the list's filter.
fn query_error(state: &State) -> Option<String> {
    let f = state.editing_filter().unwrap_or(&state.filter.line);
    f.error.as_ref().map(|e| e.to_string())
}

/// Commands by name, each with the word that says what its key does.
type Hints = &'static [(&'static str, &'static str)];

/// The keys worth knowing where the user is, and the fewest of them for a narrow window, as
/// they are bound now.
fn hints(state: &State) -> [String; 2] {
    let (mode, full, short): (Mode, Hints, Hints) = if state.editing_filter().is_some() {
        (
            Mode::Filter,
            &[("accept-filter", "keep"), ("cancel-filter", "clear")],
            &[("accept-filter", ""), ("cancel-filter", "")],
        )
    } else if state.overlay.is_some() || state.zoomed {
        (
            Mode::Overlay,
            &[("back", "close"), ("help", "help")],
            &[("back", "close")],
        )
    } else {
        match state.views.last() {
            Some(View::Index { .. }) => (
                Mode::View,
                &[("filter", "filter"), ("open", "open"), ("back", "back")],
                &[("back", "back")],
            ),
            Some(_) => (
                Mode::View,
                &[("open", "open"), ("back", "back"), ("help", "help")],
                &[("back", "back")],
            ),
            None if !state.returns.is_empty() => (
                Mode::Browse,
                &[("back", "back to the view"), ("help", "help")],
                &[("back", "back")],
            ),
            None => (
                Mode::Browse,
                &[("filter", "filter"), ("help", "help"), ("quit", "quit")],
                &[("help", "help")],
            ),
        }
    };
    [full, short].map(|parts| key_hints(state, mode, parts))
}

/// "KEY word · KEY word" for commands by name, each with its first key in `mode`; a command
/// left without keys is left out.
fn key_hints(state: &State, mode: Mode, parts: &[(&str, &str)]) -> String {
    let shown: Vec<String> = parts
        .iter()
        .filter_map(|(command, word)| {
            let key = state
                .keymap
                .keys(command_named(command)?, mode)
                .first()?
                .help_name();
            Some(if word.is_empty() {
                key
            } else {
                format!("{key} {word}")
            })
        })
        .collect();
    shown.join(" · ")
}

/// Lays the parts out in `columns` columns: the source first (shortened or dropped as room
/// runs out), then the parts in order, the hints at the right edge.
fn arrange(
    state: &State,
    columns: u16,
    source: &str,
    mut parts: Vec<Part>,
    hints: &str,
) -> Line<'static> {
    let columns = usize::from(columns);
    let theme = &state.theme;
    // " a · b · c " around the parts; the hints keep one space to the edge.
    let cost = |parts: &[Part], with_hints: bool| -> usize {
        parts.iter().map(|p| width(&p.text) + 3).sum::<usize>()
            + if with_hints { width(hints) + 2 } else { 0 }
    };
    let mut show_hints = true;
    loop {
        if cost(&parts, show_hints) < columns {
            break;
        }
        // Drop the lowest-priority part (the hints rank among them).
        let worst = parts.iter().map(|p| p.rank).max().unwrap_or(0);
        if show_hints && HINTS >= worst {
            show_hints = false;
            continue;
        }
        if worst <= MODE || parts.len() <= 1 {
            break;
        }
        if let Some(i) = parts.iter().rposition(|p| p.rank == worst) {
            parts.remove(i);
        }
    }
    let used = cost(&parts, show_hints);
    let mut spans = Vec::new();
    // The source takes what room is left, cut at its start (its end names the folder).
    let room = columns.saturating_sub(used + 2);
    if room >= 8 {
        spans.push(Span::styled(
            format!(" {} ", fit_start(source, room)),
            theme.label,
        ));
    } else {
        spans.push(Span::raw(" "));
    }
    let mut first = room < 8;
    for p in parts {
        let sep = if first { "" } else { "· " };
        first = false;
        spans.push(Span::styled(format!("{sep}{} ", p.text), p.style));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    if show_hints {
        let room = columns.saturating_sub(used);
        let w = width(hints) + 1;
        if room >= w {
            spans.push(Span::raw(" ".repeat(room - w)));
            spans.push(Span::styled(format!("{hints} "), theme.dim));
        }
    }
    // Whatever still does not fit is cut with a mark.
    super::fit::line(Line::from(spans), columns)
}

/// A query error too long for the status line is shown whole while the filter is edited, above
/// the row of bottom borders where filter lines are.
fn draw_long_error(state: &State, frame: &mut Frame, status: Rect) {
    let Some(e) = query_error(state) else {
        return;
    };
    let text = format!("query: {e}");
    if state.editing_filter().is_none() || width(&text) + 2 <= usize::from(status.width) / 2 {
        return;
    }
    let paragraph = Paragraph::new(Line::styled(
        fit(&text, 1024).into_owned(),
        state.theme.error,
    ))
    .wrap(Wrap { trim: true });
    let rows = (paragraph.line_count(status.width) as u16).min(4);
    if status.y < rows + 1 {
        return;
    }
    let area = Rect {
        y: status.y - rows - 1,
        height: rows,
        ..status
    };
    frame.render_widget(Clear, area);
    frame.render_widget(paragraph, area);
}
