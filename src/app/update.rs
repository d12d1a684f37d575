//! Applies an action to the state. No IO: everything it needs is in the state.

use ratatui::layout::Rect;

use crate::search::{self, FieldKind};
use crate::ui::layout::{LayoutKind, layout};

use super::action::{Action, InputRequest, Pane};
use super::state::{Filter, Overlay, SearchResults, SortOrder, State};
use super::views;

pub fn update(state: &mut State, action: Action) {
    match action {
        Action::SearchDone(results) => return apply_results(state, results),
        Action::LoadProgress(progress) => {
            if state.loading.is_some() {
                state.loading = Some(progress);
            }
            return;
        }
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            clamp_text_scroll(state);
            return;
        }
        _ => {}
    }
    if action == Action::Interrupt {
        state.quit = true;
        return;
    }
    // A confirmation stays until the next key.
    state.message = None;
    if !state.views.is_empty() && state.overlay.is_none() {
        return if state.editing_filter().is_some() {
            views::update_index_filter(state, action)
        } else {
            views::update_view(state, action)
        };
    }
    if state.editing_filter().is_some() {
        return update_filter_line(state, action);
    }
    if let Some(overlay) = state.overlay {
        return update_overlay(state, overlay, action);
    }
    if state.zoomed {
        return update_zoom(state, action);
    }
    let page = page_rows(state);
    let focus = state.focus;
    let cursor = state.cursor(focus);
    match action {
        Action::Up => state.set_cursor(focus, cursor.saturating_sub(1)),
        Action::Down => state.set_cursor(focus, cursor + 1),
        Action::Top => state.set_cursor(focus, 0),
        Action::Bottom => state.set_cursor(focus, usize::MAX),
        Action::PageUp => state.set_cursor(focus, cursor.saturating_sub(page)),
        Action::PageDown => state.set_cursor(focus, cursor + page),
        Action::HalfPageUp => state.set_cursor(focus, cursor.saturating_sub(page.div_ceil(2))),
        Action::HalfPageDown => state.set_cursor(focus, cursor + page.div_ceil(2)),
        Action::FocusNext => focus_pane(state, focus.next()),
        Action::FocusPrev => focus_pane(state, focus.prev()),
        Action::Focus(p) => focus_pane(state, p),
        Action::Left => {
            if let Some(p) = beside(state, focus, false) {
                focus_pane(state, p);
            }
        }
        Action::Right => {
            if let Some(p) = beside(state, focus, true) {
                focus_pane(state, p);
            }
        }
        Action::Open => match focus {
            Pane::List => {
                if state.selected_entry().is_some() {
                    focus_pane(state, state.tab);
                }
            }
            Pane::Participants if views::open_participant(state) => state.underneath = None,
            _ => zoom(state),
        },
        Action::Zoom => zoom(state),
        Action::CycleSort => {
            state.sort = state.sort.next();
            apply_sort(state);
            let filtering = !state.filter.line.query.is_empty();
            state.message = Some(format!("sorted by {}", state.sort.label(filtering)));
        }
        Action::CopyItem => copy(state, views::item_text(state), "item"),
        Action::CopyBriefing => {
            let text = state.selected_entry().map(crate::report::markdown);
            copy(state, text, "briefing as Markdown");
        }
        // Views opened from the browser close onto the browser as it is now.
        Action::OpenIndex => {
            state.underneath = None;
            views::open_index(state)
        }
        Action::OpenChronology => {
            state.underneath = None;
            views::open_chronology(state)
        }
        Action::Back => {
            if state
                .pane_filter
                .as_ref()
                .is_some_and(|(p, ..)| *p == focus)
            {
                state.pane_filter = None;
            } else if !state.returns.is_empty() {
                state.views = std::mem::take(&mut state.returns);
            } else if focus != Pane::List {
                focus_pane(state, Pane::List);
            } else if state.filter.line.is_active() {
                clear_list_filter(state);
            }
        }
        Action::StartFilter => start_filter(state),
        Action::NextMatch => jump_to_match(state, true),
        Action::PrevMatch => jump_to_match(state, false),
        Action::ToggleHelp => open_overlay(state, Overlay::Help),
        Action::ToggleDiagnostics => open_overlay(state, Overlay::Diagnostics),
        Action::Quit => state.quit = true,
        Action::OpenInEditor => request_edit(state),
        Action::Click { column, row } => click(state, column, row),
        Action::ScrollUp { column, row } => wheel(state, column, row, -3),
        Action::ScrollDown { column, row } => wheel(state, column, row, 3),
        Action::Suspend
        | Action::Edit(_)
        | Action::AcceptFilter
        | Action::CancelFilter
        | Action::HistoryPrev
        | Action::HistoryNext
        | Action::SearchDone(_)
        | Action::LoadProgress(_)
        | Action::Interrupt
        | Action::Paste(_)
        | Action::Resize { .. } => {}
    }
}

/// Asks the front end to open the selected briefing in the editor, at the focused item.
fn request_edit(state: &mut State) {
    if let Some(reason) = &state.read_only {
        state.message = Some(format!("editing is not available: {reason}"));
        return;
    }
    let Some(file) = state.selected_entry().map(|e| e.file.clone()) else {
        state.message = Some("no briefing to edit".to_string());
        return;
    };
    let focus = state.focus;
    let field = match focus {
        Pane::List => None,
        Pane::Timeline => Some("timeline"),
        Pane::Participants => Some("participants"),
        Pane::Agenda => Some("agenda"),
        Pane::Outcomes => Some("outcomes"),
    };
    let item = field
        .zip(state.focused_item(focus))
        .map(|(field, i)| format!("{field}.{i}"));
    state.pending_edit = Some(super::state::EditRequest { file, item });
}

/// What a (part of a) load brings to the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The briefings read so far of a first load still going, and their search index; the
    /// entity index waits for the whole.
    Part,
    /// A corpus and all its indexes.
    Whole,
    /// A reload of a few files ([`crate::model::Corpus::patch`]), or the whole of a first
    /// load after its last part: the corpus and its search index, shown at once, with the
    /// entity index of the corpus shown before; this corpus' own follows as [`Stage::Follow`].
    Patched,
    /// What follows a corpus already shown, to replace what came with it: its own entity
    /// index, or its search index in one piece. Taken if that corpus is still the one shown.
    Follow,
}

/// A corpus with the indexes the browser needs, built together off the input thread. Cloning
/// shares them.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub corpus: std::sync::Arc<crate::model::Corpus>,
    pub index: std::sync::Arc<crate::search::SearchIndex>,
    pub entities: std::sync::Arc<crate::entities::EntityIndex>,
    /// The corpus `entities` was built over (its appearances are places in it): `corpus`
    /// itself, but for a patched corpus whose own entity index is still being built.
    pub entities_of: std::sync::Arc<crate::model::Corpus>,
    pub stage: Stage,
}

impl Loaded {
    /// Builds the search and entity indexes of `corpus` (both grow with it).
    pub fn build(corpus: crate::model::Corpus) -> Loaded {
        Loaded::of(std::sync::Arc::new(corpus))
    }

    /// The indexes of a corpus that is shared already (a server builds them once for all its
    /// sessions).
    pub fn of(corpus: std::sync::Arc<crate::model::Corpus>) -> Loaded {
        // Independent, and each as long as the corpus: built side by side.
        let (index, entities) = rayon::join(
            || crate::search::SearchIndex::build(&corpus),
            || crate::entities::EntityIndex::build(&corpus),
        );
        Loaded {
            entities_of: std::sync::Arc::clone(&corpus),
            corpus,
            index: std::sync::Arc::new(index),
            entities: std::sync::Arc::new(entities),
            stage: Stage::Whole,
        }
    }

    /// The part of a load that has arrived: searchable, without the entity index (which is of
    /// no corpus yet: the browser says it is updating). The part before it, if any, gives the
    /// search index of the briefings it had.
    pub fn partial(before: Option<&Loaded>, corpus: crate::model::Corpus) -> Loaded {
        let index = match before {
            Some(b) => b.index.patch(&b.corpus, &corpus),
            None => crate::search::SearchIndex::build(&corpus),
        };
        let corpus = std::sync::Arc::new(corpus);
        Loaded {
            entities_of: std::sync::Arc::default(),
            corpus,
            index: std::sync::Arc::new(index),
            entities: std::sync::Arc::default(),
            stage: Stage::Part,
        }
    }

    /// `corpus`, a patch of `previous.corpus`: its search index updated for the briefings
    /// that changed alone ([`crate::search::SearchIndex::patch`]), and `previous`' entity
    /// index until [`Self::with_own_entities`] builds its own.
    pub fn patched(previous: &Loaded, corpus: crate::model::Corpus) -> Loaded {
        let index = previous.index.patch(&previous.corpus, &corpus);
        Loaded {
            corpus: std::sync::Arc::new(corpus),
            index: std::sync::Arc::new(index),
            entities: std::sync::Arc::clone(&previous.entities),
            entities_of: std::sync::Arc::clone(&previous.entities_of),
            stage: Stage::Patched,
        }
    }

    /// The same, with its search index built in one piece, to follow it on screen: a search
    /// reads one part faster than several (a first load leaves one per batch of files).
    pub fn in_one_piece(&self) -> Loaded {
        Loaded {
            index: std::sync::Arc::new(self.index.in_one_piece()),
            stage: Stage::Follow,
            ..self.clone()
        }
    }

    /// The entity index of this corpus, to follow it on screen.
    pub fn with_own_entities(&self) -> Loaded {
        Loaded {
            corpus: std::sync::Arc::clone(&self.corpus),
            index: std::sync::Arc::clone(&self.index),
            entities: std::sync::Arc::new(crate::entities::EntityIndex::build(&self.corpus)),
            entities_of: std::sync::Arc::clone(&self.corpus),
            stage: Stage::Follow,
        }
    }

    /// What a state shows: a reload starts from it.
    pub fn shown(state: &State) -> Loaded {
        Loaded {
            corpus: std::sync::Arc::clone(&state.corpus),
            index: std::sync::Arc::clone(&state.index),
            entities: std::sync::Arc::clone(&state.entities),
            entities_of: std::sync::Arc::clone(&state.entities_of),
            stage: Stage::Whole,
        }
    }
}

/// Puts a reloaded corpus in place: the selected briefing stays selected (by id), the filter
/// stays and runs again, the panes keep their place when the briefing is still there.
pub fn apply_reload(state: &mut State, loaded: Loaded) {
    if loaded.stage == Stage::Follow {
        // A newer corpus shown meanwhile has its own on the way.
        if std::sync::Arc::ptr_eq(&loaded.corpus, &state.corpus) {
            // The same briefings in the same order: every search finds the same.
            state.index = loaded.index;
            let old_entities = std::mem::replace(&mut state.entities, loaded.entities);
            state.entities_of = loaded.entities_of;
            let (views, returns) = (
                std::mem::take(&mut state.views),
                std::mem::take(&mut state.returns),
            );
            reopen_views(state, views, returns, &old_entities);
        }
        return;
    }
    // A finished load is a reload of the empty corpus shown meanwhile; the part of a load that
    // has arrived leaves it loading.
    let first_load = if loaded.stage == Stage::Part {
        state.loading.is_some()
    } else {
        state.loading.take().is_some()
    };
    let selected_id = state.selected_entry().map(|e| e.id.clone());
    // Should the selected briefing be gone, its neighbour (below, else above) takes its place.
    let neighbours: Vec<String> = [state.selected.checked_add(1), state.selected.checked_sub(1)]
        .into_iter()
        .flatten()
        .filter_map(|p| state.visible.get(p))
        .filter_map(|&i| state.corpus.briefings.get(i))
        .map(|e| e.id.clone())
        .collect();
    let cursors = state.cursors;
    let at_top = state.selected == 0;
    let old_entities = std::mem::replace(&mut state.entities, loaded.entities);
    state.entities_of = loaded.entities_of;
    let filtered = !state.filter.line.query.is_empty();
    // With a filter, the matches shown stay (those still there, in their order) until the
    // search has run again over the new corpus: never the whole list, unfiltered, meanwhile.
    let matches: Vec<(String, Option<search::Reason>)> = if filtered {
        state
            .visible
            .iter()
            .zip(&state.reasons)
            .filter_map(|(&i, r)| Some((state.corpus.briefings.get(i)?.id.clone(), *r)))
            .collect()
    } else {
        Vec::new()
    };
    state.corpus = loaded.corpus;
    state.index = loaded.index;
    let views = std::mem::take(&mut state.views);
    if filtered {
        let at: std::collections::HashMap<&str, usize> = state
            .corpus
            .briefings
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let (visible, reasons) = matches
            .iter()
            .filter_map(|(id, r)| Some((*at.get(id.as_str())?, *r)))
            .unzip();
        (state.visible, state.reasons) = (visible, reasons);
        state.filter.generation += 1;
    } else {
        state.visible = (0..state.corpus.briefings.len()).collect();
        state.reasons = vec![None; state.visible.len()];
        apply_sort(state);
    }
    let find = |id: &String| {
        state
            .visible
            .iter()
            .position(|&i| state.corpus.briefings[i].id == *id)
    };
    // While the first load goes, the top of the list stays selected until the user moves:
    // newer briefings arriving above it take the top, as they would in the whole list.
    let stays_on_top = first_load && at_top;
    let position = if stays_on_top {
        None
    } else {
        selected_id.as_ref().and_then(find)
    };
    let neighbour = neighbours.iter().find_map(find).filter(|_| !stays_on_top);
    match position {
        Some(pos) => {
            state.selected = pos;
            for pane in Pane::DETAIL {
                let value = cursors[pane.index() - 1].min(state.pane_len(pane).saturating_sub(1));
                state.cursors[pane.index() - 1] = value;
            }
        }
        None => {
            state.selected = neighbour.unwrap_or(0);
            // The panes keep their place while the same briefing stays on top.
            if state.selected_entry().map(|e| &e.id) != selected_id.as_ref() {
                state.cursors = [0; 4];
                state.pane_filter = None;
            }
        }
    }
    let returns = std::mem::take(&mut state.returns);
    reopen_views(state, views, returns, &old_entities);
    let stale = state.corpus.briefings.iter().filter(|e| e.stale).count();
    if first_load {
        return;
    }
    state.message = Some(if stale > 0 {
        format!(
            "reloaded; {stale} broken file{} shown as last loaded (!)",
            crate::text::plural(stale)
        )
    } else {
        "reloaded".to_string()
    });
}

/// Open views are rebuilt over the new corpus or entity index, so the user stays where they
/// were; so are the views a briefing was opened from.
fn reopen_views(
    state: &mut State,
    views: Vec<crate::app::View>,
    returns: Vec<crate::app::View>,
    old_entities: &crate::entities::EntityIndex,
) {
    views::reopen(state, returns, old_entities);
    state.returns = std::mem::take(&mut state.views);
    views::reopen(state, views, old_entities);
}

/// Runs the pass the state asks for, here and now. The TUI runs it on a worker thread instead
/// so that typing never waits; tests and one-shot callers use this.
pub fn complete_search(state: &mut State) {
    if !state.needs_search() {
        return;
    }
    let hits = search::search_all(&state.index, &state.corpus, &state.filter.line.query);
    let generation = state.filter.generation;
    update(
        state,
        Action::SearchDone(SearchResults { generation, hits }),
    );
}

/// Shows the focused item whole; with the list focused, the whole briefing.
fn zoom(state: &mut State) {
    if state.pane_len(state.focus) > 0 {
        state.zoomed = true;
        state.scroll = 0;
    }
}

/// Asks the event loop to put `text` on the clipboard, and says so in the status line.
fn copy(state: &mut State, text: Option<String>, what: &str) {
    match text {
        Some(t) => {
            state.message = Some(format!(
                "copied the {what} ({} characters)",
                t.chars().count()
            ));
            state.pending_copy = Some(t);
        }
        None => state.message = Some("nothing to copy".into()),
    }
}

/// Orders the list by the chosen sort, keeping the selected briefing selected. The default
/// keeps the corpus order (newest first) or, while filtering, the ranking.
/// Orders the list by `order` (the config's sort at start).
pub fn sort_by(state: &mut State, order: SortOrder) {
    state.sort = order;
    apply_sort(state);
}

pub(super) fn apply_sort(state: &mut State) {
    let previous = state.visible.get(state.selected).copied();
    let corpus = std::sync::Arc::clone(&state.corpus);
    let mut rows: Vec<(usize, Option<crate::search::Reason>)> = state
        .visible
        .iter()
        .copied()
        .zip(state.reasons.iter().copied())
        .collect();
    match state.sort {
        SortOrder::Date => {
            if state.filter.line.query.is_empty() {
                rows.sort_by_key(|(i, _)| *i);
            } else if state.filter.shown == state.filter.generation {
                // Back to the ranking: ask for the pass again, it comes back ranked.
                state.filter.generation += 1;
            }
        }
        SortOrder::Title => rows.sort_by_cached_key(|(i, _)| {
            crate::entities::name_key(&corpus.briefings[*i].briefing.title)
        }),
        SortOrder::Participants => rows.sort_by_key(|(i, _)| {
            std::cmp::Reverse(corpus.briefings[*i].briefing.participants.len())
        }),
    }
    (state.visible, state.reasons) = rows.into_iter().unzip();
    if let Some(pos) = previous.and_then(|p| state.visible.iter().position(|&v| v == p)) {
        state.selected = pos;
    }
}

/// The pane drawn beside `from`, to its right or left. Where the list and all four panes are
/// on screen this is where they are drawn (left of Agenda is the list); where panes are tabs, it
/// is the tab order, the list first.
fn beside(state: &State, from: Pane, right: bool) -> Option<Pane> {
    let screen = layout(
        Rect::new(0, 0, state.width, state.height),
        state.focus,
        state.tab,
    );
    if screen.kind != LayoutKind::Wide {
        return match (from, right) {
            (Pane::List, false) | (Pane::Outcomes, true) => None,
            (Pane::List, true) => Some(if state.tab == Pane::List {
                Pane::Timeline
            } else {
                state.tab
            }),
            (p, true) => Some(p.next()),
            (p, false) => Some(p.prev()),
        };
    }
    let here = screen.rect_of(from)?;
    let overlap = |r: Rect| {
        (here.y + here.height)
            .min(r.y + r.height)
            .saturating_sub(here.y.max(r.y))
    };
    Pane::ALL
        .into_iter()
        .filter_map(|p| Some((p, screen.rect_of(p)?)))
        .filter(|(p, r)| *p != from && overlap(*r) > 0)
        .filter_map(|(p, r)| {
            let gap = if right {
                r.x.checked_sub(here.x + here.width)?
            } else {
                here.x.checked_sub(r.x + r.width)?
            };
            // Nearest first; then the last pane shown, then the one most level with this one.
            Some(((gap, p != state.tab, u16::MAX - overlap(r)), p))
        })
        .min_by_key(|(key, _)| *key)
        .map(|(_, p)| p)
}

fn focus_pane(state: &mut State, pane: Pane) {
    state.focus = pane;
    if pane != Pane::List {
        state.tab = pane;
    }
}

fn open_overlay(state: &mut State, overlay: Overlay) {
    state.overlay = Some(overlay);
    state.scroll = 0;
}

fn start_filter(state: &mut State) {
    match state.focus {
        Pane::List => {
            state.filter.line.editing = true;
            state.filter.recall = None;
        }
        pane => {
            if state.selected_entry().is_none() {
                return;
            }
            match &mut state.pane_filter {
                Some((p, f, _)) if *p == pane => f.editing = true,
                _ => {
                    let items = state.shown_items(pane);
                    let filter = Filter {
                        editing: true,
                        ..Filter::default()
                    };
                    state.pane_filter = Some((pane, filter, items));
                }
            }
        }
    }
}

fn update_filter_line(state: &mut State, action: Action) {
    let in_pane = state
        .pane_filter
        .as_ref()
        .is_some_and(|(_, f, _)| f.editing);
    if let Action::Paste(text) = action {
        // Typed in one character at a time, so the length limit and the search see one edit.
        for c in text.chars() {
            let c = if c.is_control() { ' ' } else { c };
            let request = InputRequest::InsertChar(c);
            let edited = match &mut state.pane_filter {
                Some((_, f, _)) if in_pane => f.edit(request),
                _ => state.filter.line.edit(request),
            };
            if let Err(message) = edited {
                state.message = Some(message);
                break;
            }
        }
        if in_pane {
            refilter_pane(state);
        } else {
            state.filter.recall = None;
            requery_list(state);
        }
        return;
    }
    match action {
        Action::Edit(request) => {
            let edited = if in_pane {
                match &mut state.pane_filter {
                    Some((_, f, _)) => f.edit(request),
                    None => Ok(()),
                }
            } else {
                state.filter.line.edit(request)
            };
            if let Err(message) = edited {
                state.message = Some(message);
            } else if in_pane {
                refilter_pane(state);
            } else {
                state.filter.recall = None;
                requery_list(state);
            }
        }
        Action::AcceptFilter => {
            if in_pane {
                if let Some((_, f, _)) = &mut state.pane_filter {
                    f.editing = false;
                }
            } else {
                state.filter.line.editing = false;
                let text = state.filter.line.input.value().trim().to_string();
                if !text.is_empty() {
                    // Each query once, where it was last used.
                    state.filter.history.retain(|h| *h != text);
                    state.filter.history.push(text);
                }
            }
        }
        Action::CancelFilter => {
            if in_pane {
                state.pane_filter = None;
            } else {
                clear_list_filter(state);
            }
        }
        Action::HistoryPrev | Action::HistoryNext if !in_pane => {
            recall(state, action == Action::HistoryPrev)
        }
        Action::Quit => state.quit = true,
        _ => {}
    }
}

fn recall(state: &mut State, older: bool) {
    let history = &state.filter.history;
    if history.is_empty() {
        return;
    }
    if state.filter.recall.is_none() {
        state.filter.draft = state.filter.line.input.value().to_string();
    }
    let next = match (state.filter.recall, older) {
        (None, true) => Some(history.len() - 1),
        (None, false) => None,
        (Some(i), true) => Some(i.saturating_sub(1)),
        (Some(i), false) if i + 1 < history.len() => Some(i + 1),
        (Some(_), false) => None,
    };
    let text = next.map_or_else(|| state.filter.draft.clone(), |i| history[i].clone());
    state.filter.recall = next;
    state.filter.line.input = tui_input::Input::new(text);
    requery_list(state);
}

pub(super) fn clear_list_filter(state: &mut State) {
    state.filter.line.input.handle(InputRequest::DeleteLine);
    state.filter.line.editing = false;
    state.filter.recall = None;
    requery_list(state);
}

/// [`requery_list`], for the views.
pub(super) fn requery(state: &mut State) {
    requery_list(state);
}

/// Parses the list's filter text; a good query asks for a new pass, a bad one is shown as an
/// error while the last good results stay.
fn requery_list(state: &mut State) {
    let line = &mut state.filter.line;
    match search::parse(line.input.value()) {
        Ok(query) => {
            line.error = None;
            if query != line.query {
                line.query = query;
                state.filter.generation += 1;
                if state.filter.line.query.is_empty() {
                    // Everything matches: no pass needed.
                    let generation = state.filter.generation;
                    apply_results(
                        state,
                        SearchResults {
                            generation,
                            hits: Vec::new(),
                        },
                    );
                }
            }
        }
        Err(e) => line.error = Some(e),
    }
}

fn apply_results(state: &mut State, results: SearchResults) {
    if results.generation != state.filter.generation {
        return; // a newer query is on its way
    }
    let previous = state.visible.get(state.selected).copied();
    if state.filter.line.query.is_empty() {
        state.visible = (0..state.corpus.briefings.len()).collect();
        state.reasons = vec![None; state.visible.len()];
    } else {
        state.visible = results.hits.iter().map(|h| h.doc).collect();
        state.reasons = results.hits.iter().map(|h| h.reason()).collect();
    }
    state.filter.shown = results.generation;
    if state.sort != SortOrder::Date {
        apply_sort(state);
    }
    let position = previous.and_then(|p| state.visible.iter().position(|&v| v == p));
    match position {
        Some(pos) => state.selected = pos,
        None => {
            state.selected = 0;
            state.cursors = [0; 4];
            state.pane_filter = None;
        }
    }
}

fn refilter_pane(state: &mut State) {
    let Some((pane, filter, _)) = &state.pane_filter else {
        return;
    };
    let pane = *pane;
    let parsed = search::parse(filter.input.value());
    let Some(b) = state.selected_briefing() else {
        return;
    };
    let new_items = match &parsed {
        Ok(query) => {
            // The pane's fields grouped by item in one pass, so the filter is linear in them.
            let mut per_item: Vec<Vec<_>> = vec![Vec::new(); state.item_count(pane)];
            for (r, text) in search::fields(b) {
                if pane_of(r.kind) == Some(pane)
                    && let Some(item) = per_item.get_mut(usize::from(r.item))
                {
                    item.push((r, text));
                }
            }
            Some(
                per_item
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| search::fields_satisfy(query, b, item))
                    .map(|(i, _)| i)
                    .collect::<Vec<usize>>(),
            )
        }
        Err(_) => None,
    };
    if let Some((_, filter, items)) = &mut state.pane_filter {
        match parsed {
            Ok(query) => {
                filter.query = query;
                filter.error = None;
                *items = new_items.unwrap_or_default();
            }
            Err(e) => filter.error = Some(e),
        }
    }
    state.cursors[pane.index() - 1] = 0;
}

/// The pane that shows a field of this kind, if any.
pub fn pane_of(kind: FieldKind) -> Option<Pane> {
    use FieldKind as F;
    match kind {
        F::Event => Some(Pane::Timeline),
        F::Name | F::Role | F::Organization | F::Delegation | F::ParticipantCountry | F::Notes => {
            Some(Pane::Participants)
        }
        F::Topic | F::AgendaSummary | F::AgendaTag => Some(Pane::Agenda),
        F::OutcomeSummary | F::OutcomeKind | F::OutcomeStatus | F::OutcomeParty => {
            Some(Pane::Outcomes)
        }
        F::Title | F::Summary | F::Tag | F::Venue | F::City | F::LocationCountry | F::Source => {
            None
        }
    }
}

/// The (pane, shown position) of every item matching the list's query, in pane order.
pub fn match_positions(state: &State) -> Vec<(Pane, usize)> {
    let Some(b) = state.selected_briefing() else {
        return Vec::new();
    };
    let query = &state.filter.line.query;
    if query.is_empty() {
        return Vec::new();
    }
    let mut matched: std::collections::HashSet<(Pane, usize)> = std::collections::HashSet::new();
    for (r, ..) in search::matched_fields(query, b) {
        if let Some(pane) = pane_of(r.kind) {
            matched.insert((pane, usize::from(r.item)));
        }
    }
    let mut out = Vec::new();
    for pane in Pane::DETAIL {
        for (pos, item) in state.shown_items(pane).into_iter().enumerate() {
            if matched.contains(&(pane, item)) {
                out.push((pane, pos));
            }
        }
    }
    out
}

fn jump_to_match(state: &mut State, forward: bool) {
    if state.filter.line.query.is_empty() {
        state.message = Some("n and N go through the matches of a filter: / to filter".into());
        return;
    }
    let matches = match_positions(state);
    if matches.is_empty() {
        state.message = Some("no item of this briefing matches: its title or summary does".into());
        return;
    }
    let here = (state.focus.index(), state.cursor(state.focus));
    let key = |(p, pos): &(Pane, usize)| (p.index(), *pos);
    let target = if forward {
        matches.iter().find(|m| key(m) > here).or(matches.first())
    } else {
        matches
            .iter()
            .rev()
            .find(|m| key(m) < here)
            .or(matches.last())
    };
    if let Some(&(pane, pos)) = target {
        let wrapped = if forward {
            key(&(pane, pos)) <= here
        } else {
            key(&(pane, pos)) >= here
        };
        let number = matches.iter().position(|m| *m == (pane, pos)).unwrap_or(0) + 1;
        focus_pane(state, pane);
        state.set_cursor(pane, pos);
        state.message = Some(format!(
            "match {number} of {}{}",
            matches.len(),
            match (wrapped, forward) {
                (false, _) => "",
                (true, true) => " (wrapped to the first)",
                (true, false) => " (wrapped to the last)",
            }
        ));
    }
}

fn update_overlay(state: &mut State, overlay: Overlay, action: Action) {
    match action {
        Action::Back => state.overlay = None,
        Action::ToggleHelp if overlay == Overlay::Help => state.overlay = None,
        Action::ToggleHelp => open_overlay(state, Overlay::Help),
        Action::ToggleDiagnostics if overlay == Overlay::Diagnostics => state.overlay = None,
        Action::ToggleDiagnostics => open_overlay(state, Overlay::Diagnostics),
        Action::Quit => state.overlay = None,
        other => scroll_text(state, other),
    }
}

fn update_zoom(state: &mut State, action: Action) {
    match action {
        Action::Back | Action::Open | Action::Quit => state.zoomed = false,
        Action::ToggleHelp => open_overlay(state, Overlay::Help),
        Action::ToggleDiagnostics => open_overlay(state, Overlay::Diagnostics),
        other => scroll_text(state, other),
    }
}

/// Scrolling of a text window (overlay or zoom), never past its last page, so that every key
/// moves what is shown at once.
fn scroll_text(state: &mut State, action: Action) {
    let (rows, total) = crate::ui::text_extent(state);
    let page = rows.max(1);
    let half = page.div_ceil(2);
    let scroll = state.scroll;
    state.scroll = match action {
        Action::Up | Action::ScrollUp { .. } => scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown { .. } => scroll.saturating_add(1),
        Action::Top => 0,
        Action::Bottom => u16::MAX,
        Action::PageUp => scroll.saturating_sub(page),
        Action::PageDown => scroll.saturating_add(page),
        Action::HalfPageUp => scroll.saturating_sub(half),
        Action::HalfPageDown => scroll.saturating_add(half),
        _ => scroll,
    }
    .min(total.saturating_sub(rows));
}

/// Keeps the scrolled text window's first line where its last page can still be shown, after
/// the window changed size.
fn clamp_text_scroll(state: &mut State) {
    if state.overlay.is_some() || state.zoomed {
        let (rows, total) = crate::ui::text_extent(state);
        state.scroll = state.scroll.min(total.saturating_sub(rows));
    }
}

/// Rows in the focused view, for paging; at least one.
fn page_rows(state: &State) -> usize {
    let screen = layout(
        Rect::new(0, 0, state.width, state.height),
        state.focus,
        state.tab,
    );
    let rows = screen
        .rect_of(state.focus)
        .map_or(state.height, |r| r.height.saturating_sub(2));
    usize::from(rows.max(1))
}

fn click(state: &mut State, column: u16, row: u16) {
    let screen = layout(
        Rect::new(0, 0, state.width, state.height),
        state.focus,
        state.tab,
    );
    if screen.kind == LayoutKind::TooSmall {
        return;
    }
    // The tab bar is right of the list: a click on the list's row at the same height is the
    // list's.
    if let Some(tabs) = screen.tabs
        && tabs.contains(ratatui::layout::Position { x: column, y: row })
        && let Some(p) = tab_at(state, &screen, tabs.width, column.saturating_sub(tabs.x))
    {
        return focus_pane(state, p);
    }
    let Some(pane) = screen.pane_at(column, row) else {
        return;
    };
    focus_pane(state, pane);
    let Some(rect) = screen.rect_of(pane) else {
        return;
    };
    // Inside the border: the row clicked, plus the items scrolled out of view above.
    if row > rect.y && row < rect.y + rect.height.saturating_sub(1) {
        let rows = usize::from(rect.height.saturating_sub(2));
        let offset =
            crate::ui::layout::scroll_offset(state.cursor(pane), state.pane_len(pane), rows);
        let index = offset + usize::from(row - rect.y - 1);
        if index < state.pane_len(pane) {
            state.set_cursor(pane, index);
        }
    }
}

/// The pane whose tab title spans `column` (relative to the tab bar).
fn tab_at(
    state: &State,
    screen: &crate::ui::layout::ScreenLayout,
    width: u16,
    column: u16,
) -> Option<Pane> {
    let mut x = 0u16;
    for (pane, label) in crate::ui::tab_labels(screen.kind, state, width) {
        let w = crate::text::width(&label) as u16;
        if column >= x && column < x + w {
            return Some(pane);
        }
        x += w + 1;
    }
    None
}

fn wheel(state: &mut State, column: u16, row: u16, delta: isize) {
    let screen = layout(
        Rect::new(0, 0, state.width, state.height),
        state.focus,
        state.tab,
    );
    let Some(pane) = screen.pane_at(column, row) else {
        return;
    };
    let cursor = state.cursor(pane);
    state.set_cursor(pane, cursor.saturating_add_signed(delta));
}
