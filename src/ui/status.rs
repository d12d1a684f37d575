//! The status line: source, counts, load problems and key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::State;
use crate::model::Severity;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let corpus = &state.corpus;
    let count = match state.loading {
        // Nothing is shown as complete before it is.
        Some((done, total)) => Span::styled(
            match (done, total) {
                (_, 0) => "· looking for briefings… ".to_string(),
                (done, total) if done < total => format!(
                    "· loading {}/{} files ",
                    crate::text::thousands(done),
                    crate::text::thousands(total)
                ),
                _ => "· preparing the search… ".to_string(),
            },
            theme.warning,
        ),
        None => Span::raw(format!(
            "· {}/{} briefings ",
            state.visible.len(),
            corpus.briefings.len()
        )),
    };
    let mut spans = vec![
        Span::styled(format!(" {} ", corpus.source), theme.label),
        count,
    ];
    let errors = corpus.count(Severity::Error);
    let warnings = corpus.count(Severity::Warning);
    if errors + warnings > 0 {
        let style = if errors > 0 {
            theme.error
        } else {
            theme.warning
        };
        let plural = |n: usize, word: &str| format!("{n} {word}{}", crate::text::plural(n));
        let text = format!(
            "· {}, {} (!) ",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
        spans.push(Span::styled(text, style));
    }
    if let Some(problem) = &state.watch_problem {
        spans.push(Span::styled(format!("· {problem} "), theme.error));
    }
    if let Some(f) = state.editing_filter().or(Some(&state.filter.line))
        && let Some(e) = &f.error
    {
        spans.push(Span::styled(format!("· query: {e} "), theme.error));
    }
    let filtering = !state.filter.line.query.is_empty();
    spans.push(Span::styled(
        format!("· sort: {} ", state.sort.label(filtering)),
        theme.dim,
    ));
    if let Some(m) = &state.message {
        spans.push(Span::styled(format!("· {m} "), theme.label));
    }
    let hints = if state.editing_filter().is_some() {
        "Enter keep · Esc clear "
    } else {
        "/ filter · ? help · q quit "
    };
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = usize::from(area.width).saturating_sub(used);
    if room > hints.len() {
        spans.push(Span::raw(" ".repeat(room - hints.len())));
        spans.push(Span::styled(hints, theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
