//! The focused item's full text, wrapped: below the panes, or zoomed over them with Enter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::{Pane, State};
use crate::ui::theme::Theme;

use super::{agenda, outcomes, participants, timeline};

pub fn heading(text: String, theme: &Theme) -> Line<'static> {
    Line::styled(text, theme.title)
}

pub fn field(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.label),
        Span::raw(value),
    ])
}

/// The full text of the focused item (or of the briefing's summary when the list has focus).
pub fn focused_text(state: &State) -> Text<'static> {
    let Some(b) = state.selected_briefing() else {
        return Text::default();
    };
    let i = state.focused_item(state.focus).unwrap_or(usize::MAX);
    let text = match state.focus {
        Pane::List => {
            let mut lines = vec![heading(b.title.clone(), &state.theme)];
            if let Some(s) = &b.summary {
                let shown = crate::text::prefix(s, 2 * MAX_SHOWN_CHARS);
                lines.push(Line::raw(crate::text::one_line(shown)));
            }
            Some(Text::from(lines))
        }
        Pane::Timeline => b.timeline.get(i).map(|e| timeline::detail(e, i, state)),
        Pane::Participants => b
            .participants
            .get(i)
            .map(|p| participants::detail(b, p, state)),
        Pane::Agenda => b.agenda.get(i).map(|a| agenda::detail(a, state)),
        Pane::Outcomes => b.outcomes.get(i).map(|o| outcomes::detail(o, state)),
    };
    bounded(text.unwrap_or_default())
}

/// The most characters of one line drawn: a briefing's texts are far shorter, and wrapping a
/// whole megabyte on every frame would keep keys waiting. A longer line ends in a mark that
/// says how much more there is and where to read it.
pub const MAX_SHOWN_CHARS: usize = 16 * 1024;

/// `text` with every line cut to [`MAX_SHOWN_CHARS`], marked where it was cut.
pub fn bounded(mut text: Text<'static>) -> Text<'static> {
    for line in &mut text.lines {
        let mut left = MAX_SHOWN_CHARS;
        let mut cut = 0usize;
        for span in &mut line.spans {
            let chars = span.content.chars().count();
            if left == 0 {
                cut += chars;
                span.content = "".into();
            } else if chars > left {
                let end = span
                    .content
                    .char_indices()
                    .nth(left)
                    .map_or(span.content.len(), |(i, _)| i);
                cut += chars - left;
                span.content = span.content[..end].to_string().into();
                left = 0;
            } else {
                left -= chars;
            }
        }
        if cut > 0 {
            line.spans.push(Span::raw(format!(
                " … ({cut} more characters; `brief show` prints the whole text)"
            )));
        }
    }
    text
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(state.theme.border);
    frame.render_widget(
        Paragraph::new(focused_text(state))
            .wrap(Wrap { trim: true })
            .block(block),
        area,
    );
}

/// The zoomed item over most of the screen, scrolled by `state.scroll`.
pub fn draw_zoom(state: &State, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(state.theme.border_focused)
        .title(Line::styled(
            format!(" {} ", state.focus.title()),
            state.theme.border_focused,
        ))
        .title_bottom(Line::styled(" Esc closes · j/k scroll ", state.theme.dim));
    let paragraph = Paragraph::new(focused_text(state)).wrap(Wrap { trim: true });
    let width = area.width.saturating_sub(4).min(100);
    let height = paragraph.line_count(width.saturating_sub(2)) as u16 + 2;
    let popup = super::popup(area, width, height.max(5));
    let inner_width = popup.width.saturating_sub(2);
    let max =
        (paragraph.line_count(inner_width) as u16).saturating_sub(popup.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        paragraph.scroll((state.scroll.min(max), 0)).block(block),
        popup,
    );
}
