//! The focused item's full text, wrapped: below the panes, or zoomed over them with Enter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::{Mode, Pane, State};
use crate::ui::theme::Theme;

use super::{agenda, outcomes, participants, timeline};
use crate::text::one_line;

pub fn heading(text: String, theme: &Theme) -> Line<'static> {
    Line::styled(text, theme.title)
}

pub fn field(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.label),
        Span::raw(value),
    ])
}

/// The full text of the focused item (or of the briefing when the list has focus: its summary
/// first below the panes, where the header already shows the rest; in order when zoomed).
pub fn focused_text(state: &State) -> Text<'static> {
    let Some(b) = state.selected_briefing() else {
        return Text::default();
    };
    let i = state.focused_item(state.focus).unwrap_or(usize::MAX);
    let text = match state.focus {
        Pane::List => state
            .selected_entry()
            .map(|e| briefing(e, state, !state.zoomed)),
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

/// Every field of the briefing itself (its items are read in their panes): what `z` shows
/// with the list focused, so that no word of a briefing is out of reach.
pub fn briefing(entry: &crate::model::Entry, state: &State, summary_first: bool) -> Text<'static> {
    let theme = &state.theme;
    let b = &entry.briefing;
    let mut lines = Vec::new();
    let summary = |lines: &mut Vec<Line<'static>>| {
        if let Some(summary) = &b.summary {
            // Paragraphs stay paragraphs; lines within one are joined, as YAML folds them.
            for paragraph in summary.split("\n\n").filter(|p| !p.trim().is_empty()) {
                let shown = crate::text::prefix(paragraph, 2 * MAX_SHOWN_CHARS);
                lines.push(Line::raw(one_line(shown)));
                lines.push(Line::raw(""));
            }
        }
    };
    if summary_first {
        summary(&mut lines);
    }
    lines.push(heading(one_line(&b.title), theme));
    lines.push(field("When", state.dates(b), theme));
    if let Some(l) = &b.location {
        for (label, value) in [
            ("Venue", &l.venue),
            ("City", &l.city),
            ("Country", &l.country),
        ] {
            if let Some(v) = value {
                lines.push(field(label, one_line(v), theme));
            }
        }
    }
    if !b.tags.is_empty() {
        lines.push(field("Tags", b.tags.join(", "), theme));
    }
    for s in &b.sources {
        lines.push(field("Source", one_line(&s.display()), theme));
    }
    lines.push(field("File", entry.file.clone(), theme));
    if !summary_first {
        lines.push(Line::raw(""));
        summary(&mut lines);
        lines.pop();
    }
    let counts: Vec<String> = [
        (b.timeline.len(), "timeline event"),
        (b.participants.len(), "participant"),
        (b.agenda.len(), "agenda topic"),
        (b.outcomes.len(), "outcome"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}{}", crate::text::plural(n)))
    .collect();
    if !counts.is_empty() {
        let focus_keys: Vec<String> = [
            "focus-timeline",
            "focus-participants",
            "focus-agenda",
            "focus-outcomes",
        ]
        .iter()
        .map(|name| state.key(name, Mode::Browse))
        .collect();
        let focus_keys = if focus_keys == ["2", "3", "4", "5"] {
            "2-5".to_string()
        } else {
            focus_keys.join("/")
        };
        let reach = format!(
            "{} or {focus_keys} to read them",
            state.key("next-pane", Mode::Browse)
        );
        let how = if state.zoomed {
            format!("{}, then {reach}", state.key("back", Mode::Overlay))
        } else {
            reach
        };
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("{} ({how})", counts.join(" · ")),
            theme.dim,
        ));
    }
    Text::from(lines)
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
    let paragraph = Paragraph::new(focused_text(state)).wrap(Wrap { trim: true });
    let mut block = Block::default()
        .borders(Borders::TOP)
        .border_style(state.theme.border);
    // Text longer than the area says so, and how to read the rest.
    let hidden = paragraph
        .line_count(area.width)
        .saturating_sub(usize::from(area.height.saturating_sub(1)));
    if hidden > 0 && area.height > 1 {
        block = block.title(
            Line::styled(
                format!(
                    " {hidden} more line{} · {} reads it all ",
                    crate::text::plural(hidden),
                    state.key("zoom", Mode::Browse)
                ),
                state.theme.dim,
            )
            .right_aligned(),
        );
    }
    frame.render_widget(paragraph.block(block), area);
}

/// Where the zoomed item goes in `area`, its text, the rows it shows and how many lines it
/// has.
fn zoom_window(state: &State, area: Rect) -> (Rect, Paragraph<'_>, u16, u16) {
    let paragraph = Paragraph::new(focused_text(state)).wrap(Wrap { trim: true });
    let width = area.width.saturating_sub(4).min(100);
    let height = paragraph.line_count(width.saturating_sub(2)) as u16 + 2;
    let popup = super::popup(area, width, height.max(5));
    let total = paragraph.line_count(popup.width.saturating_sub(2)) as u16;
    let rows = popup.height.saturating_sub(2);
    (popup, paragraph, rows, total)
}

/// The rows the zoomed item shows in `area` and how many lines it has, for scrolling.
pub fn zoom_extent(state: &State, area: Rect) -> (u16, u16) {
    let (_, _, rows, total) = zoom_window(state, area);
    (rows, total)
}

/// The zoomed item over most of the screen, scrolled by `state.scroll`.
pub fn draw_zoom(state: &State, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(state.theme.border_focused)
        .title(Line::styled(
            match state.focus {
                Pane::List => " Briefing ".to_string(),
                pane => format!(" {} ", pane.title()),
            },
            state.theme.border_focused,
        ));
    let (popup, paragraph, rows, total) = zoom_window(state, area);
    let top = state.scroll.min(total.saturating_sub(rows));
    let footer = scroll_footer(state, top, rows, total, popup.width);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        paragraph
            .scroll((top, 0))
            .block(block.title_bottom(Line::styled(footer, state.theme.dim))),
        popup,
    );
}

/// The footer of a scrolling overlay `width` columns wide: where it is, how to scroll and how
/// to close, said as fully as fits.
pub fn scroll_footer(state: &State, top: u16, rows: u16, total: u16, width: u16) -> String {
    let last = (top + rows).min(total);
    let first = top + 1;
    let key = |name| state.key(name, Mode::Overlay);
    let (back, quit) = (key("back"), key("quit"));
    let lines = format!("{}/{}", key("down"), key("up"));
    let pages = format!("{}/{}", key("page-up"), key("page-down"));
    let choices = if total <= rows {
        vec![
            format!(" {back} or {quit} closes "),
            format!(" {quit} closes "),
        ]
    } else {
        vec![
            format!(
                " lines {first}-{last} of {total} · {lines} {pages} scroll · {back} or {quit} closes "
            ),
            format!(" lines {first}-{last} of {total} · {lines} scroll · {quit} closes "),
            format!(" {first}-{last}/{total} · {lines} · {quit} "),
            format!(" {first}-{last}/{total} "),
        ]
    };
    let room = usize::from(width.saturating_sub(2));
    let fallback = choices.last().cloned().unwrap_or_default();
    choices
        .into_iter()
        .find(|c| crate::text::width(c) <= room)
        .unwrap_or(fallback)
}
