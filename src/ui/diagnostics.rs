//! The list of load problems, each with its file, line and column.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::State;
use crate::model::Severity;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let diagnostics = &state.corpus.diagnostics;
    let mut lines: Vec<Line> = Vec::new();
    if diagnostics.is_empty() {
        lines.push(Line::styled(
            "No problems: every file loaded cleanly.",
            theme.dim,
        ));
    }
    for d in diagnostics {
        let style = match d.severity {
            Severity::Error => theme.error,
            Severity::Warning => theme.warning,
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", d.location()), theme.label),
            Span::styled(format!("{}: ", d.severity), style),
            Span::raw(d.message.clone()),
        ]));
        if let Some(h) = &d.hint {
            lines.push(Line::styled(format!("  hint: {h}"), theme.dim));
        }
    }
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let width = area.width.saturating_sub(4).min(140);
    let height = paragraph.line_count(width.saturating_sub(2)) as u16 + 2;
    let popup = super::popup(area, width, height);
    let max = (paragraph.line_count(popup.width.saturating_sub(2)) as u16)
        .saturating_sub(popup.height.saturating_sub(2));
    let title = format!(" Load problems ({}) ", diagnostics.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Line::styled(title, theme.border_focused))
        .title_bottom(Line::styled(" ! or Esc closes · j/k scroll ", theme.dim));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        paragraph.scroll((state.scroll.min(max), 0)).block(block),
        popup,
    );
}
