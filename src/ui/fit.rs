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

/// Gives each column of a cluster drawn over several columns (`न्द्र`, `मो`) a cell of its
/// own, as a terminal lays it out: one for each character that takes columns, with the marks
/// that follow it.
///
/// Such a cluster is one cell to ratatui, which takes it for one wide character: when it is
/// replaced, only its first column is written again, and a terminal, which drew it as several
/// characters side by side, keeps the others on screen. A cell per column is written again
/// column by column. A single wide character (`外`) stays as it is.
pub fn split_clusters(buffer: &mut ratatui::buffer::Buffer) {
    use unicode_width::UnicodeWidthChar;
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buffer[(x, y)];
            let symbol = cell.symbol();
            let columns = width(symbol).max(1);
            if symbol.len() > 1 && columns > 1 {
                let mut pieces: Vec<(String, usize)> = Vec::new();
                for c in symbol.chars() {
                    match (c.width().unwrap_or(0), pieces.last_mut()) {
                        (0, Some((piece, _))) => piece.push(c),
                        (w, _) => pieces.push((c.to_string(), w)),
                    }
                }
                let fits = usize::from(area.right() - x) >= columns;
                if pieces.len() > 1 && fits && pieces.iter().map(|p| p.1).sum::<usize>() == columns
                {
                    let style = cell.style();
                    let mut at = x;
                    for (piece, w) in pieces {
                        buffer[(at, y)].set_symbol(&piece).set_style(style);
                        at += w as u16;
                    }
                }
            }
            x = x.saturating_add(columns as u16);
        }
    }
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

    #[test]
    fn a_cluster_over_several_columns_gets_a_cell_per_column() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        let mut buffer = Buffer::empty(Rect::new(0, 0, 12, 1));
        buffer.set_string(0, 0, "नरेन्द्र 外x", Style::new());
        super::split_clusters(&mut buffer);
        let cells: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
        assert_eq!(
            cells,
            [
                "न",
                "र\u{947}",
                "न\u{94d}",
                "द\u{94d}",
                "र",
                " ",
                "外",
                " ",
                "x",
                " ",
                " ",
                " "
            ]
        );
    }
}
