//! Lines cut to the width they are drawn in, marked with `…` where cut.

use ratatui::text::{Line, Span};

use crate::text::{fit_prefix, width};

/// `line` cut to `max` columns; a cut line ends in `…` (in the style of the text it cuts).
pub fn line(line: Line<'static>, max: usize) -> Line<'static> {
    if line.width() <= max {
        return line;
    }
    let Line {
        spans,
        style,
        alignment,
    } = line;
    let room = max.saturating_sub(1);
    let mut used = 0;
    let mut kept: Vec<Span<'static>> = Vec::with_capacity(spans.len());
    let mut mark_style = ratatui::style::Style::default();
    for span in spans {
        let w = width(&span.content);
        mark_style = span.style;
        if used + w <= room {
            used += w;
            kept.push(span);
            continue;
        }
        let (prefix, _) = fit_prefix(&span.content, room - used);
        if !prefix.is_empty() {
            kept.push(Span::styled(prefix.to_string(), span.style));
        }
        break;
    }
    if max > 0 {
        kept.push(Span::styled("…", mark_style));
    }
    let mut out = Line::from(kept).style(style);
    out.alignment = alignment;
    out
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Modifier, Style};
    use ratatui::text::{Line, Span};

    #[test]
    fn a_line_is_cut_by_width_and_marked_in_the_style_it_cuts() {
        let l = Line::from(vec![
            Span::raw("2024-03-06 "),
            Span::styled("外交部长会谈", Style::new().add_modifier(Modifier::BOLD)),
        ]);
        let cut = super::line(l.clone(), 16);
        assert_eq!(cut.to_string(), "2024-03-06 外交…");
        assert_eq!(cut.width(), 16);
        assert_eq!(
            cut.spans.last().map(|s| s.style),
            Some(Style::new().add_modifier(Modifier::BOLD))
        );
        assert_eq!(super::line(l.clone(), 40), l);
        assert_eq!(super::line(l, 5).to_string(), "2024…");
    }
}
