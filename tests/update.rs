//! `update` on every action, including at the edges: empty corpus, empty panes, last item.

mod common;

use std::sync::Arc;

use brief::app::{Action, Overlay, Pane, State, update};
use brief::model::Corpus;
use brief::ui::{ColorDepth, Theme};
use common::{apply, state};

const GOOD: &str = "tests/fixtures/good";
const CORPUS: &str = "briefings";

fn selected_title(s: &State) -> &str {
    &s.selected_briefing().unwrap().title
}

#[test]
fn moving_in_the_list_selects_briefings_and_stops_at_the_ends() {
    let mut s = state(GOOD, 120, 40);
    assert_eq!(selected_title(&s), "Trade talks in Brasília");
    apply(&mut s, &[Action::Down]);
    assert_eq!(selected_title(&s), "With a byte order mark");
    apply(&mut s, &[Action::Down, Action::Down, Action::Down]);
    assert_eq!(
        selected_title(&s),
        "Regional council meeting",
        "stops at the last"
    );
    apply(&mut s, &[Action::Top]);
    assert_eq!(s.selected, 0);
    apply(&mut s, &[Action::Up]);
    assert_eq!(s.selected, 0, "stops at the first");
    apply(&mut s, &[Action::Bottom]);
    assert_eq!(s.selected, 2);
    apply(&mut s, &[Action::PageUp]);
    assert_eq!(s.selected, 0);
    apply(&mut s, &[Action::PageDown]);
    assert_eq!(s.selected, 2);
    apply(&mut s, &[Action::HalfPageUp]);
    assert_eq!(s.selected, 0);
    apply(&mut s, &[Action::HalfPageDown]);
    assert_eq!(s.selected, 2);
}

#[test]
fn selecting_another_briefing_resets_the_pane_cursors() {
    let mut s = state(GOOD, 120, 40);
    apply(
        &mut s,
        &[Action::Focus(Pane::Timeline), Action::Down, Action::Down],
    );
    assert_eq!(s.cursor(Pane::Timeline), 2);
    apply(&mut s, &[Action::Focus(Pane::List), Action::Down]);
    assert_eq!(s.cursor(Pane::Timeline), 0);
}

#[test]
fn pane_cursors_stay_within_their_items() {
    let mut s = state(GOOD, 120, 40);
    apply(&mut s, &[Action::Focus(Pane::Participants), Action::Bottom]);
    assert_eq!(s.cursor(Pane::Participants), 1);
    apply(&mut s, &[Action::Down, Action::PageDown]);
    assert_eq!(s.cursor(Pane::Participants), 1, "last item");
    apply(
        &mut s,
        &[
            Action::Focus(Pane::List),
            Action::Bottom,
            Action::Focus(Pane::Agenda),
            Action::Down,
        ],
    );
    assert_eq!(s.pane_len(Pane::Agenda), 0);
    assert_eq!(s.cursor(Pane::Agenda), 0, "empty pane");
    apply(&mut s, &[Action::Open]);
    assert!(!s.zoomed, "nothing to zoom in an empty pane");
}

#[test]
fn focus_cycles_and_jumps() {
    let mut s = state(GOOD, 120, 40);
    let mut seen = vec![s.focus];
    for _ in 0..5 {
        update(&mut s, Action::FocusNext);
        seen.push(s.focus);
    }
    assert_eq!(
        seen,
        [
            Pane::List,
            Pane::Timeline,
            Pane::Participants,
            Pane::Agenda,
            Pane::Outcomes,
            Pane::List
        ]
    );
    update(&mut s, Action::FocusPrev);
    assert_eq!(s.focus, Pane::Outcomes);
    for (pane, action) in Pane::ALL.iter().map(|p| (*p, Action::Focus(*p))) {
        update(&mut s, action);
        assert_eq!(s.focus, pane);
    }
}

#[test]
fn left_and_right_move_to_the_pane_drawn_beside_the_focused_one() {
    // All four panes on screen: Timeline | Participants over Agenda | Outcomes, the list left.
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::Left);
    assert_eq!(s.focus, Pane::List, "nothing is left of the list");
    update(&mut s, Action::Right);
    assert_eq!(s.focus, Pane::Timeline);
    update(&mut s, Action::Right);
    assert_eq!(s.focus, Pane::Participants);
    update(&mut s, Action::Right);
    assert_eq!(
        s.focus,
        Pane::Participants,
        "nothing is right of Participants"
    );
    update(&mut s, Action::Focus(Pane::Agenda));
    update(&mut s, Action::Left);
    assert_eq!(
        s.focus,
        Pane::List,
        "left of Agenda is the list, not Participants"
    );
    update(&mut s, Action::Right);
    assert_eq!(s.focus, Pane::Agenda, "back to the pane last shown");
    update(&mut s, Action::Right);
    assert_eq!(s.focus, Pane::Outcomes);
    update(&mut s, Action::Left);
    assert_eq!(s.focus, Pane::Agenda);
    // One pane at a time: the tab order, the list first, without wrapping.
    let mut s = state(GOOD, 80, 24);
    for expected in [
        Pane::Timeline,
        Pane::Participants,
        Pane::Agenda,
        Pane::Outcomes,
        Pane::Outcomes,
    ] {
        update(&mut s, Action::Right);
        assert_eq!(s.focus, expected);
    }
    update(&mut s, Action::Left);
    assert_eq!(s.focus, Pane::Agenda);
}

#[test]
fn enter_opens_then_zooms_and_escape_goes_back() {
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::Open);
    assert_eq!(
        s.focus,
        Pane::Timeline,
        "Enter on the list opens the briefing's panes"
    );
    update(&mut s, Action::Open);
    assert!(s.zoomed);
    update(&mut s, Action::Down);
    assert_eq!(
        s.scroll, 0,
        "the zoomed item fits: there is nothing to scroll"
    );
    assert_eq!(s.cursor(Pane::Timeline), 0, "and do not move the cursor");
    update(&mut s, Action::Back);
    assert!(!s.zoomed);
    assert_eq!(s.focus, Pane::Timeline);
    update(&mut s, Action::Back);
    assert_eq!(s.focus, Pane::List);
    update(&mut s, Action::Back);
    assert_eq!(s.focus, Pane::List, "Esc on the list stays there");
}

#[test]
fn overlays_open_close_and_scroll() {
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::ToggleHelp);
    assert_eq!(s.overlay, Some(Overlay::Help));
    apply(&mut s, &[Action::Down, Action::Down]);
    assert_eq!(s.scroll, 2);
    assert_eq!(s.selected, 0, "the list does not move under an overlay");
    update(&mut s, Action::ToggleDiagnostics);
    assert_eq!((s.overlay, s.scroll), (Some(Overlay::Diagnostics), 0));
    update(&mut s, Action::ToggleDiagnostics);
    assert_eq!(s.overlay, None);
    apply(&mut s, &[Action::ToggleHelp, Action::Back]);
    assert_eq!(s.overlay, None);
    apply(&mut s, &[Action::ToggleHelp, Action::Quit]);
    assert_eq!(s.overlay, None, "q closes help");
    assert!(!s.quit, "and does not quit");
    apply(&mut s, &[Action::ToggleDiagnostics, Action::Quit]);
    assert_eq!(s.overlay, None, "q closes the load problems");
    apply(&mut s, &[Action::Focus(Pane::Outcomes), Action::Zoom]);
    assert!(s.zoomed);
    update(&mut s, Action::Quit);
    assert!(!s.zoomed && !s.quit, "q closes the zoom");
    update(&mut s, Action::Quit);
    assert!(s.quit, "q with nothing open quits");
}

#[test]
fn ctrl_c_quits_from_every_view_overlay_and_filter_line() {
    let openers: Vec<Vec<Action>> = vec![
        vec![],
        vec![Action::OpenIndex],
        vec![Action::OpenIndex, Action::StartFilter],
        vec![Action::OpenChronology],
        vec![Action::Focus(Pane::Participants), Action::Open],
        vec![Action::ToggleHelp],
        vec![Action::OpenIndex, Action::ToggleHelp],
        vec![Action::ToggleDiagnostics],
        vec![Action::Zoom],
        vec![Action::StartFilter],
        vec![Action::Focus(Pane::Agenda), Action::StartFilter],
    ];
    for actions in openers {
        let mut s = state(GOOD, 120, 40);
        apply(&mut s, &actions);
        update(&mut s, Action::Interrupt);
        assert!(s.quit, "Ctrl-c quits after {actions:?}");
    }
}

#[test]
fn help_then_problems_from_a_view_opens_the_problems_and_esc_closes_them() {
    let mut s = state("tests/fixtures/mixed", 120, 40);
    apply(
        &mut s,
        &[
            Action::OpenChronology,
            Action::ToggleHelp,
            Action::ToggleDiagnostics,
        ],
    );
    assert_eq!(s.overlay, Some(Overlay::Diagnostics));
    let shown = common::screen(&s);
    assert!(shown.contains("Load problems"), "{shown}");
    update(&mut s, Action::Back);
    assert_eq!(s.overlay, None);
    assert!(
        matches!(s.views.last(), Some(brief::app::View::Chronology { .. })),
        "the chronology is still open"
    );
}

#[test]
fn esc_returns_to_the_view_a_briefing_was_opened_from() {
    let mut s = state(GOOD, 120, 40);
    // From the chronology: Enter opens the briefing, Esc comes back to the chronology.
    apply(
        &mut s,
        &[Action::OpenChronology, Action::Down, Action::Down],
    );
    let before = match s.views.last() {
        Some(brief::app::View::Chronology { cursor, .. }) => *cursor,
        other => panic!("the chronology is open, not {other:?}"),
    };
    update(&mut s, Action::Open);
    assert!(s.views.is_empty(), "the briefing is shown");
    update(&mut s, Action::Back);
    match s.views.last() {
        Some(brief::app::View::Chronology { cursor, .. }) => {
            assert_eq!(*cursor, before, "on the same line")
        }
        other => panic!("Esc returns to the chronology, not {other:?}"),
    }
    // From an index entry's briefings: back to that person, then Esc to the index.
    let mut s = state(GOOD, 120, 40);
    apply(&mut s, &[Action::OpenIndex, Action::Open, Action::Open]);
    assert!(s.views.is_empty());
    update(&mut s, Action::Back);
    assert!(matches!(
        s.views.as_slice(),
        [
            brief::app::View::Index { .. },
            brief::app::View::Entity { .. }
        ]
    ));
    update(&mut s, Action::Back);
    assert!(matches!(
        s.views.as_slice(),
        [brief::app::View::Index { .. }]
    ));
    update(&mut s, Action::Back);
    assert!(s.views.is_empty());
    update(&mut s, Action::Back);
    assert!(s.views.is_empty(), "nothing more to go back to");
}

#[test]
fn closing_the_views_puts_the_browser_back_exactly_where_it_was() {
    let mut s = state(CORPUS, 80, 24);
    apply(
        &mut s,
        &[
            Action::Down,
            Action::Down,
            Action::Focus(Pane::Agenda),
            Action::Down,
        ],
    );
    let before = (
        s.selected_entry().map(|e| e.id.clone()),
        s.focus,
        s.cursor(Pane::Agenda),
    );
    // The index, a person, one of their briefings; then Esc all the way back.
    apply(
        &mut s,
        &[Action::OpenIndex, Action::Down, Action::Open, Action::Open],
    );
    assert!(s.views.is_empty(), "a briefing is open");
    assert_ne!(s.selected_entry().map(|e| e.id.clone()), before.0);
    apply(&mut s, &[Action::Back, Action::Back]);
    assert_eq!(s.views.len(), 1, "back at the index");
    // q closes a view as Esc does.
    update(&mut s, Action::Quit);
    assert!(!s.quit && s.views.is_empty());
    let after = (
        s.selected_entry().map(|e| e.id.clone()),
        s.focus,
        s.cursor(Pane::Agenda),
    );
    assert_eq!(after, before);
}

#[test]
fn quit_and_resize() {
    let mut s = state(GOOD, 120, 40);
    update(
        &mut s,
        Action::Resize {
            width: 1,
            height: 1,
        },
    );
    assert_eq!((s.width, s.height), (1, 1));
    update(&mut s, Action::Quit);
    assert!(s.quit);
}

#[test]
fn suspend_is_left_to_the_event_loop() {
    let mut s = state(GOOD, 120, 40);
    let before = format!("{s:?}");
    update(&mut s, Action::Suspend);
    assert_eq!(format!("{s:?}"), before);
}

#[test]
fn focusing_a_participant_links_their_timeline_events() {
    let mut s = state(GOOD, 120, 40);
    assert_eq!(s.linked_participant(), None);
    apply(&mut s, &[Action::Focus(Pane::Participants), Action::Down]);
    assert_eq!(s.linked_participant(), Some("Ana Souza"));
}

#[test]
fn clicks_focus_and_select_and_the_wheel_scrolls() {
    let mut s = state(GOOD, 120, 40);
    // The list's third row is the third briefing (row 0 is the border).
    update(&mut s, Action::Click { column: 5, row: 3 });
    assert_eq!((s.focus, s.selected), (Pane::List, 2));
    update(&mut s, Action::ScrollUp { column: 5, row: 3 });
    assert_eq!(s.selected, 0);
    update(&mut s, Action::Top);
    // The wide layout puts Participants top right; click its second item.
    let layout =
        brief::ui::layout::layout(ratatui::layout::Rect::new(0, 0, 120, 40), s.focus, s.tab);
    let r = layout.rect_of(Pane::Participants).unwrap();
    update(
        &mut s,
        Action::Click {
            column: r.x + 2,
            row: r.y + 2,
        },
    );
    assert_eq!(
        (s.focus, s.cursor(Pane::Participants)),
        (Pane::Participants, 1)
    );
    update(
        &mut s,
        Action::ScrollDown {
            column: r.x + 2,
            row: r.y + 2,
        },
    );
    assert_eq!(s.cursor(Pane::Participants), 1);
    update(&mut s, Action::Click { column: 0, row: 39 });
    assert_eq!(
        s.focus,
        Pane::Participants,
        "a click on the status line changes nothing"
    );
}

#[test]
fn a_click_on_the_list_beside_the_tab_bar_selects_that_row() {
    let mut s = state(CORPUS, 100, 30);
    let screen =
        brief::ui::layout::layout(ratatui::layout::Rect::new(0, 0, 100, 30), s.focus, s.tab);
    let tabs = screen
        .tabs
        .expect("a medium window has a tab bar right of the list");
    update(
        &mut s,
        Action::Click {
            column: 3,
            row: tabs.y,
        },
    );
    // Row 0 is the list's border: the row at the tab bar's height is briefing tabs.y - 1.
    assert_eq!((s.focus, s.selected), (Pane::List, usize::from(tabs.y - 1)));
}

#[test]
fn clicking_a_tab_shows_that_pane() {
    let mut s = state(GOOD, 40, 12);
    // Narrow layout: the tab bar is the first row; " 1 Briefings 3/3 " then " 2 " ...
    let labels = brief::ui::tab_labels(brief::ui::layout::LayoutKind::Narrow, &s, 40);
    let x: usize = labels
        .iter()
        .take(3)
        .map(|(_, l)| l.chars().count() + 1)
        .sum();
    update(
        &mut s,
        Action::Click {
            column: x as u16 + 1,
            row: 0,
        },
    );
    assert_eq!(s.focus, Pane::Agenda);
}

#[test]
fn every_action_is_safe_on_an_empty_corpus() {
    let mut s = State::new(Arc::new(Corpus::default()), Theme::new(ColorDepth::Mono));
    let actions = [
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::HalfPageUp,
        Action::HalfPageDown,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Focus(Pane::Outcomes),
        Action::Left,
        Action::Right,
        Action::Open,
        Action::Back,
        Action::Click { column: 3, row: 3 },
        Action::ScrollDown { column: 3, row: 3 },
        Action::ScrollUp { column: 3, row: 3 },
        Action::Resize {
            width: 0,
            height: 0,
        },
        Action::Click { column: 0, row: 0 },
    ];
    for a in actions {
        update(&mut s, a);
        assert!(s.selected_entry().is_none());
        assert!(!s.zoomed);
    }
    update(&mut s, Action::Focus(Pane::List));
    update(&mut s, Action::Open);
    assert_eq!(s.focus, Pane::List, "nothing to open");
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, Action::Edit(brief::app::InputRequest::InsertChar(c)));
    }
}

#[test]
fn typing_a_filter_narrows_the_list() {
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::StartFilter);
    type_text(&mut s, "jorg");
    assert_eq!(s.filter.line.input.value(), "jorg");
    brief::app::complete_search(&mut s);
    assert_eq!(s.visible.len(), 1);
}

#[test]
fn filter_line_editing_history_and_clearing() {
    use brief::app::InputRequest as R;
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::StartFilter);
    type_text(&mut s, "trade talks");
    update(&mut s, Action::Edit(R::DeletePrevWord));
    assert_eq!(s.filter.line.input.value(), "trade ");
    update(&mut s, Action::Edit(R::GoToStart));
    type_text(&mut s, "^");
    assert_eq!(s.filter.line.input.value(), "^trade ");
    brief::app::complete_search(&mut s);
    assert_eq!(s.visible.len(), 1);
    update(&mut s, Action::AcceptFilter);
    assert!(!s.filter.line.editing, "Enter returns to navigation");
    assert_eq!(s.visible.len(), 1, "and keeps the filter");
    update(&mut s, Action::Back);
    assert_eq!(s.filter.line.input.value(), "", "Esc on the list clears it");
    assert_eq!(s.visible.len(), 3);
    // Up recalls the earlier query, Down goes back to an empty line.
    update(&mut s, Action::StartFilter);
    update(&mut s, Action::HistoryPrev);
    assert_eq!(s.filter.line.input.value(), "^trade");
    update(&mut s, Action::HistoryNext);
    assert_eq!(s.filter.line.input.value(), "");
    type_text(&mut s, "council");
    update(&mut s, Action::Edit(R::DeleteLine));
    assert_eq!(s.filter.line.input.value(), "", "Ctrl-u clears");
    type_text(&mut s, "x");
    update(&mut s, Action::CancelFilter);
    assert!(!s.filter.line.editing);
    assert_eq!(s.filter.line.input.value(), "", "Esc in the line clears it");
}

#[test]
fn a_malformed_query_keeps_the_last_good_results() {
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::StartFilter);
    type_text(&mut s, "date:2021");
    brief::app::complete_search(&mut s);
    assert_eq!(s.visible.len(), 1);
    type_text(&mut s, "-13");
    brief::app::complete_search(&mut s);
    assert!(
        s.filter
            .line
            .error
            .as_ref()
            .unwrap()
            .message
            .contains("month 13")
    );
    assert_eq!(s.visible.len(), 1);
}

#[test]
fn stale_search_results_are_ignored() {
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::StartFilter);
    type_text(&mut s, "jorg");
    let stale = brief::app::SearchResults {
        generation: s.filter.generation - 1,
        hits: Vec::new(),
    };
    update(&mut s, Action::SearchDone(stale));
    assert_eq!(
        s.visible.len(),
        3,
        "results for an older query change nothing"
    );
    assert!(s.needs_search());
}

#[test]
fn n_and_shift_n_jump_between_matches_across_panes() {
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::StartFilter);
    type_text(&mut s, "souza");
    brief::app::complete_search(&mut s);
    update(&mut s, Action::AcceptFilter);
    // Ana Souza: participant 2, and in the timeline events 1 and 3.
    let seen: Vec<(Pane, usize)> = (0..4)
        .map(|_| {
            update(&mut s, Action::NextMatch);
            (s.focus, s.cursor(s.focus))
        })
        .collect();
    assert_eq!(
        seen,
        [
            (Pane::Participants, 1),
            (Pane::Participants, 1),
            (Pane::Participants, 1),
            (Pane::Participants, 1)
        ]
    );
    update(&mut s, Action::Back);
    update(&mut s, Action::Back);
    update(&mut s, Action::StartFilter);
    type_text(&mut s, "tariffs");
    brief::app::complete_search(&mut s);
    update(&mut s, Action::AcceptFilter);
    update(&mut s, Action::NextMatch);
    assert_eq!((s.focus, s.cursor(s.focus)), (Pane::Timeline, 1));
    update(&mut s, Action::NextMatch);
    assert_eq!((s.focus, s.cursor(s.focus)), (Pane::Agenda, 0));
    update(&mut s, Action::NextMatch);
    assert_eq!((s.focus, s.cursor(s.focus)), (Pane::Outcomes, 1));
    update(&mut s, Action::NextMatch);
    assert_eq!(
        (s.focus, s.cursor(s.focus)),
        (Pane::Timeline, 1),
        "wraps around"
    );
    update(&mut s, Action::PrevMatch);
    assert_eq!((s.focus, s.cursor(s.focus)), (Pane::Outcomes, 1));
}

#[test]
fn slash_in_a_pane_filters_its_items() {
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::Focus(Pane::Timeline));
    update(&mut s, Action::StartFilter);
    type_text(&mut s, "sign");
    assert_eq!(s.pane_len(Pane::Timeline), 1);
    assert_eq!(
        s.focused_item(Pane::Timeline),
        Some(2),
        "the signing ceremony"
    );
    update(&mut s, Action::AcceptFilter);
    update(&mut s, Action::Down);
    assert_eq!(
        s.focused_item(Pane::Timeline),
        Some(2),
        "only the kept items"
    );
    update(&mut s, Action::Back);
    assert_eq!(
        s.pane_len(Pane::Timeline),
        3,
        "Esc clears the pane's filter"
    );
}

#[test]
fn s_cycles_the_sort_and_keeps_the_selection() {
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::Down); // "With a byte order mark"
    let titles = |s: &State| -> Vec<String> {
        s.visible
            .iter()
            .map(|&i| s.corpus.briefings[i].briefing.title.clone())
            .collect()
    };
    update(&mut s, Action::CycleSort);
    assert_eq!(s.sort, brief::app::SortOrder::Title);
    assert_eq!(
        titles(&s),
        [
            "Regional council meeting",
            "Trade talks in Brasília",
            "With a byte order mark"
        ]
    );
    assert_eq!(selected_title(&s), "With a byte order mark");
    assert_eq!(s.message.as_deref(), Some("sorted by title"));
    update(&mut s, Action::CycleSort);
    assert_eq!(
        titles(&s)[0],
        "Trade talks in Brasília",
        "most participants first"
    );
    update(&mut s, Action::CycleSort);
    assert_eq!(
        titles(&s),
        [
            "Trade talks in Brasília",
            "With a byte order mark",
            "Regional council meeting"
        ]
    );
    assert_eq!(selected_title(&s), "With a byte order mark");
}

#[test]
fn y_and_shift_y_ask_for_a_copy_and_say_so() {
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::Focus(Pane::Outcomes));
    update(&mut s, Action::CopyItem);
    assert_eq!(
        s.pending_copy.as_deref(),
        Some("Customs cooperation agreement (agreement, signed); parties: Germany, Brazil")
    );
    assert!(s.message.as_deref().unwrap().starts_with("copied the item"));
    update(&mut s, Action::CopyBriefing);
    assert!(
        s.pending_copy
            .as_deref()
            .unwrap()
            .starts_with("# Trade talks in Brasília\n")
    );
    update(&mut s, Action::Down);
    assert_eq!(s.message, None, "the confirmation goes with the next key");
}

#[test]
fn index_view_filters_opens_an_entity_and_esc_returns_exactly() {
    use brief::app::View;
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::Down);
    update(&mut s, Action::Focus(Pane::Timeline));
    let before = (s.selected, s.focus, s.cursors);
    update(&mut s, Action::OpenIndex);
    let rows = |s: &State| match s.views.last() {
        Some(View::Index { rows, .. }) => rows
            .iter()
            .map(|&i| s.entities.entities[i].name.clone())
            .collect::<Vec<_>>(),
        _ => panic!("not the index"),
    };
    assert_eq!(rows(&s), ["Ana Souza", "Jörg Weber", "Kari Nordmann"]);
    update(&mut s, Action::FocusNext);
    assert_eq!(
        rows(&s),
        ["Federal Ministry for Economic Affairs"],
        "Tab: organizations"
    );
    update(&mut s, Action::FocusNext);
    assert_eq!(rows(&s), ["Brazil", "Germany", "NO"], "countries");
    update(&mut s, Action::FocusPrev);
    update(&mut s, Action::FocusPrev);
    update(&mut s, Action::StartFilter);
    type_text(&mut s, "jorg");
    assert_eq!(rows(&s), ["Jörg Weber"]);
    update(&mut s, Action::AcceptFilter);
    update(&mut s, Action::Open);
    assert!(matches!(s.views.last(), Some(View::Entity { .. })));
    update(&mut s, Action::Back);
    update(&mut s, Action::Back);
    assert!(s.views.is_empty());
    assert_eq!(
        (s.selected, s.focus, s.cursors),
        before,
        "Esc returns exactly where you were"
    );
}

#[test]
fn enter_on_a_participant_shows_their_briefings_and_enter_there_selects_one() {
    use brief::app::View;
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::Focus(Pane::Participants));
    update(&mut s, Action::Open);
    let Some(View::Entity { entity, .. }) = s.views.last() else {
        panic!("no entity view")
    };
    assert_eq!(s.entities.entities[*entity].name, "Jörg Weber");
    update(&mut s, Action::Open);
    assert!(s.views.is_empty());
    assert_eq!(selected_title(&s), "Trade talks in Brasília");
    assert_eq!(s.focus, Pane::List);
}

#[test]
fn chronology_opens_on_the_listed_briefings_and_leads_to_an_event() {
    use brief::app::{ChronoRow, View};
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::OpenChronology);
    let Some(View::Chronology { rows, cursor }) = s.views.last() else {
        panic!("no chronology")
    };
    let months: Vec<&str> = rows
        .iter()
        .filter_map(|r| {
            if let ChronoRow::Month(m) = r {
                Some(m.as_str())
            } else {
                None
            }
        })
        .collect();
    assert_eq!(months, ["2021-10", "2023-02", "2024-03"]);
    assert!(
        matches!(rows[*cursor], ChronoRow::Entry(_)),
        "starts on an entry"
    );
    // The last row is the trade talks' last event; Enter opens it in the Timeline pane.
    update(&mut s, Action::Bottom);
    update(&mut s, Action::Open);
    assert!(s.views.is_empty());
    assert_eq!(selected_title(&s), "Trade talks in Brasília");
    assert_eq!(s.focus, Pane::Timeline);
}

/// One briefing written by the test, at 120x40 without colour.
fn state_of_yaml(yaml: &str) -> State {
    let corpus = Corpus::from_sources([("t.yaml".to_string(), Ok(yaml.as_bytes().to_vec()))]);
    assert!(corpus.diagnostics.is_empty(), "{:?}", corpus.diagnostics);
    let mut s = State::new(Arc::new(corpus), Theme::new(ColorDepth::Mono));
    update(
        &mut s,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    s
}

const TWO_PEOPLE: &str = "title: Talks\ndate: 2024-01-01\nparticipants:\n  - name: Ana Souza\n    organization: Morocco Trade Office\n    country: Spain\n  - name: Nasser Bourita\n    country: Morocco\ntimeline:\n  - event: Opening\n    participants: [Ana Souza]\n  - event: Signing\n    participants: [Nasser Bourita]\n";

#[test]
fn a_filtered_participants_pane_links_the_focused_person() {
    use brief::app::InputRequest;
    let mut s = state_of_yaml(TWO_PEOPLE);
    apply(
        &mut s,
        &[Action::Focus(Pane::Participants), Action::StartFilter],
    );
    for c in "bourita".chars() {
        update(&mut s, Action::Edit(InputRequest::InsertChar(c)));
    }
    update(&mut s, Action::AcceptFilter);
    assert_eq!(s.shown_items(Pane::Participants), [1]);
    assert_eq!(s.linked_participant(), Some("Nasser Bourita"));
}

#[test]
fn participant_rows_are_marked_by_the_field_kinds_that_match() {
    use brief::app::InputRequest;
    let mut s = state_of_yaml(TWO_PEOPLE);
    update(&mut s, Action::StartFilter);
    for c in "country:morocco".chars() {
        update(&mut s, Action::Edit(InputRequest::InsertChar(c)));
    }
    update(&mut s, Action::AcceptFilter);
    brief::app::complete_search(&mut s);
    let screen = common::screen(&s);
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name) && (l.contains("› ") || l.contains("  ")))
            .unwrap_or_else(|| panic!("{name} not on screen:\n{screen}"))
            .to_string()
    };
    assert!(
        row("Nasser Bourita").contains("› Nasser Bourita"),
        "{screen}"
    );
    assert!(!row("Ana Souza").contains("› Ana Souza"), "{screen}");
}

#[test]
fn recalling_history_gives_back_what_was_being_typed() {
    let mut s = state(GOOD, 120, 40);
    for query in ["trade", "council"] {
        update(&mut s, Action::StartFilter);
        update(&mut s, Action::Edit(brief::app::InputRequest::DeleteLine));
        for c in query.chars() {
            update(
                &mut s,
                Action::Edit(brief::app::InputRequest::InsertChar(c)),
            );
        }
        update(&mut s, Action::AcceptFilter);
    }
    update(&mut s, Action::StartFilter);
    update(&mut s, Action::Edit(brief::app::InputRequest::DeleteLine));
    update(
        &mut s,
        Action::Edit(brief::app::InputRequest::InsertChar('x')),
    );
    update(&mut s, Action::HistoryPrev);
    assert_eq!(s.filter.line.input.value(), "council");
    update(&mut s, Action::HistoryNext);
    assert_eq!(
        s.filter.line.input.value(),
        "x",
        "past the newest: the draft again"
    );
    update(&mut s, Action::HistoryNext);
    assert_eq!(s.filter.line.input.value(), "x");
}

#[test]
fn moving_to_another_briefing_says_its_pane_filter_was_cleared() {
    let mut s = state(GOOD, 120, 40);
    apply(
        &mut s,
        &[
            Action::Focus(Pane::Agenda),
            Action::StartFilter,
            Action::Edit(brief::app::InputRequest::InsertChar('c')),
            Action::AcceptFilter,
            Action::Focus(Pane::List),
        ],
    );
    assert!(s.pane_filter.is_some());
    update(&mut s, Action::Down);
    assert!(s.pane_filter.is_none());
    assert_eq!(
        s.message.as_deref(),
        Some("the pane filter was for the briefing before")
    );
}

#[test]
fn e_asks_the_front_end_for_the_editor_at_the_focused_item_and_never_where_read_only() {
    use brief::app::EditRequest;
    let mut s = state(GOOD, 120, 40);
    update(&mut s, Action::OpenInEditor);
    assert_eq!(
        s.pending_edit, None,
        "a state is read-only unless its front end says"
    );
    assert_eq!(
        s.message.as_deref(),
        Some("editing is not available: this session is read-only")
    );
    s.read_only = None;
    update(&mut s, Action::OpenInEditor);
    let file = "tests/fixtures/good/2024-03-06-trade-talks.yaml".to_string();
    assert_eq!(
        s.pending_edit.take(),
        Some(EditRequest {
            file: file.clone(),
            item: None
        }),
        "from the list: the briefing"
    );
    apply(
        &mut s,
        &[
            Action::Focus(Pane::Participants),
            Action::Down,
            Action::OpenInEditor,
        ],
    );
    assert_eq!(
        s.pending_edit.take(),
        Some(EditRequest {
            file,
            item: Some("participants.1".to_string())
        })
    );
}
