//! Match highlighting: which characters of a field the active filters match, as styled spans.
//! Positions are computed here, for what is on screen only.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::State;
use crate::search::{self, FieldKind};

/// Positions in `text` matched by the list's filter and by the pane's own filter, if any.
pub fn positions(state: &State, kind: FieldKind, text: &str) -> Vec<usize> {
    let mut p = search::highlight(&state.filter.line.query, kind, text);
    if let Some((pane, filter, _)) = &state.pane_filter
        && crate::app::pane_of(kind) == Some(*pane)
    {
        p.extend(search::highlight(&filter.query, kind, text));
        p.sort_unstable();
        p.dedup();
    }
    p
}

/// `text` as spans in `base`, with the characters at `positions` in the theme's match style.
pub fn spans(state: &State, text: &str, positions: &[usize], base: Style) -> Vec<Span<'static>> {
    if positions.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let matched = base.patch(state.theme.matched);
    let mut out: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in text.chars().enumerate() {
        let m = positions.binary_search(&i).is_ok();
        if m != run_matched && !run.is_empty() {
            out.push(Span::styled(
                std::mem::take(&mut run),
                if run_matched { matched } else { base },
            ));
        }
        run_matched = m;
        run.push(c);
    }
    if !run.is_empty() {
        out.push(Span::styled(run, if run_matched { matched } else { base }));
    }
    out
}

/// A field's text (on one line) with its matches highlighted; also whether anything matched.
pub fn field(
    state: &State,
    kind: FieldKind,
    text: &str,
    base: Style,
) -> (Vec<Span<'static>>, bool) {
    let text = crate::text::one_line(text);
    let p = positions(state, kind, &text);
    let any = !p.is_empty();
    (spans(state, &text, &p, base), any)
}
