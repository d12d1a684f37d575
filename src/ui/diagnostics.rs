//! The list of load problems, each with its file, line and column.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::State;
use crate::model::Severity;

/// Where the list goes in `area`, its text, the rows it shows, how many lines it has and how
/// many problems.
fn window(state: &State, area: Rect) -> (Rect, Paragraph<'static>, u16, u16, usize) {
    let theme = &state.theme;
    // The config's problems first: they concern the whole browser.
    let diagnostics: Vec<&crate::model::Diagnostic> = state
        .config_problems
        .iter()
        .chain(&state.corpus.diagnostics)
        .collect();
    let mut lines: Vec<Line> = Vec::new();
    if diagnostics.is_empty() {
        lines.push(Line::styled(
            "No problems: every file loaded cleanly.",
            theme.dim,
        ));
    }
    // Small windows get the whole screen, so nothing underneath shows through at the edges.
    let width = if area.width < 60 {
        area.width
    } else {
        area.width.saturating_sub(4).min(140)
    };
    let inner = usize::from(width.saturating_sub(2));
    for d in &diagnostics {
        let style = match d.severity {
            Severity::Error => theme.error,
            Severity::Warning => theme.warning,
        };
        let location = format!("{}: ", d.location());
        if crate::text::width(&location) + 10 > inner {
            // A long path on its own line, its start cut rather than its file name and line.
            lines.push(Line::styled(
                crate::text::fit_start(&location, inner).into_owned(),
                theme.label,
            ));
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", d.severity), style),
                Span::raw(d.message.clone()),
            ]));
        } else {
            lines.push(Line::from(vec![
                Span::styled(location, theme.label),
                Span::styled(format!("{}: ", d.severity), style),
                Span::raw(d.message.clone()),
            ]));
        }
        if let Some(h) = &d.hint {
            lines.push(Line::styled(format!("  hint: {h}"), theme.dim));
        }
    }
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let height = paragraph.line_count(width.saturating_sub(2)) as u16 + 2;
    let popup = if area.width < 60 {
        area
    } else {
        super::popup(area, width, height)
    };
    let total = paragraph.line_count(popup.width.saturating_sub(2)) as u16;
    let rows = popup.height.saturating_sub(2);
    (popup, paragraph, rows, total, diagnostics.len())
}

/// The rows the list shows in `area` and how many lines it has, for scrolling.
pub fn extent(state: &State, area: Rect) -> (u16, u16) {
    let (_, _, rows, total, _) = window(state, area);
    (rows, total)
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let (popup, paragraph, rows, total, count) = window(state, area);
    let top = state.scroll.min(total.saturating_sub(rows));
    let title = format!(" Load problems ({count}) ");
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Line::styled(title, theme.border_focused))
        .title_bottom(Line::styled(
            super::detail::scroll_footer(state, top, rows, total, popup.width),
            theme.dim,
        ));
    frame.render_widget(Clear, popup);
    frame.render_widget(paragraph.scroll((top, 0)).block(block), popup);
}
