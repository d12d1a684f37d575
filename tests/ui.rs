//! Snapshots of the screen as a user sees it, and a sweep over sizes that must never panic.

mod common;

use brief::app::{Action, Pane};
use common::{apply, screen, screen_with_selection, state};
use insta::assert_snapshot;

const GOOD: &str = "tests/fixtures/good";
const CORPUS: &str = "briefings";

#[test]
fn main_screen_at_160x48() {
    let mut s = state(CORPUS, 160, 48);
    // The seed briefing, with a participant focused so that their timeline events are marked.
    apply(
        &mut s,
        &[
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Focus(Pane::Participants),
            Action::Down,
        ],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn main_screen_at_120x40() {
    let s = state(GOOD, 120, 40);
    assert_snapshot!(screen_with_selection(&s));
}

#[test]
fn main_screen_at_80x24() {
    let mut s = state(GOOD, 80, 24);
    apply(&mut s, &[Action::Focus(Pane::Outcomes)]);
    assert_snapshot!(screen_with_selection(&s));
}

#[test]
fn main_screen_at_40x12() {
    let s = state(GOOD, 40, 12);
    assert_snapshot!(screen_with_selection(&s));
}

#[test]
fn narrow_screen_shows_one_pane_with_a_tab_bar() {
    let mut s = state(GOOD, 40, 12);
    apply(&mut s, &[Action::Focus(Pane::Participants)]);
    assert_snapshot!(screen_with_selection(&s));
}

#[test]
fn help_overlay() {
    let mut s = state(GOOD, 100, 40);
    apply(&mut s, &[Action::ToggleHelp]);
    assert_snapshot!(screen(&s));
}

#[test]
fn diagnostics_list() {
    let mut s = state("tests/fixtures/mixed", 100, 24);
    apply(&mut s, &[Action::ToggleDiagnostics]);
    assert_snapshot!(screen(&s));
}

#[test]
fn zoomed_item() {
    let mut s = state(GOOD, 80, 24);
    apply(
        &mut s,
        &[Action::Focus(Pane::Outcomes), Action::Down, Action::Open],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn enlarge_the_window_message() {
    let s = state(GOOD, 28, 6);
    assert_snapshot!(screen(&s));
}

#[test]
fn empty_corpus() {
    let s = state("tests/fixtures/broken/syntax.yaml", 80, 24);
    assert_snapshot!(screen(&s));
}

/// Every size from 0x0 to 200x60, in steps, with every overlay: no panic, no overflow
/// (tests build with overflow checks on).
#[test]
fn every_size_renders_without_panic() {
    let base = state(CORPUS, 80, 24);
    let variants: Vec<Vec<Action>> = vec![
        vec![],
        vec![Action::Focus(Pane::Participants), Action::Bottom],
        vec![Action::Focus(Pane::Outcomes), Action::Open, Action::Bottom],
        vec![Action::ToggleHelp, Action::Bottom],
        vec![Action::ToggleDiagnostics],
    ];
    for width in (0..=200).step_by(7).chain([1, 2, 29, 30, 59, 60, 119, 120]) {
        for height in (0..=60).step_by(5).chain([1, 2, 7, 8, 29, 30]) {
            for actions in &variants {
                let mut s = base.clone();
                apply(&mut s, &[Action::Resize { width, height }]);
                apply(&mut s, actions);
                let text = screen(&s);
                assert_eq!(
                    text.lines().count(),
                    usize::from(height),
                    "{width}x{height}"
                );
            }
        }
    }
}

fn type_query(s: &mut brief::app::State, query: &str) {
    apply(s, &[Action::StartFilter]);
    for c in query.chars() {
        apply(s, &[Action::Edit(brief::app::InputRequest::InsertChar(c))]);
    }
    brief::app::complete_search(s);
}

#[test]
fn filtered_list_with_highlights_and_reasons() {
    // A list wide enough shows why each briefing matched, after its title.
    let mut s = state(CORPUS, 200, 40);
    type_query(&mut s, "bourita");
    let text = screen(&s);
    assert!(
        text.contains("Negev Summit of foreign ministers · participant: Nasser"),
        "{text}"
    );
    assert_snapshot!(text);
    // A narrow one keeps the titles whole rather than the reasons.
    let mut s = state(CORPUS, 80, 24);
    type_query(&mut s, "bourita");
    let text = screen(&s);
    assert!(text.contains("2022-03-27 Negev Summit of fo…"), "{text}");
    assert!(!text.contains("participant: Nasser"), "{text}");
}

#[test]
fn malformed_query_keeps_the_last_results() {
    let mut s = state(CORPUS, 120, 40);
    type_query(&mut s, "date:2023-1");
    let before = s.visible.clone();
    type_query(&mut s, "3");
    assert_eq!(s.visible, before, "the last good results stay");
    let text = screen(&s);
    assert!(text.contains("month 13 does not exist"), "{text}");
    assert_snapshot!(text);
}

#[test]
fn matched_characters_are_styled() {
    let mut s = state(GOOD, 120, 40);
    type_query(&mut s, "jorg");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| brief::ui::render(&s, f)).unwrap();
    let buffer = terminal.backend().buffer();
    // Find "Jörg" in the Participants pane: its four letters are bold and underlined.
    let text = screen(&s);
    let row = text
        .lines()
        .position(|l| l.contains("Jörg Weber —"))
        .expect("Jörg in the Participants pane");
    let line: String = text.lines().nth(row).unwrap().to_string();
    // The Participants pane's Jörg (the list's row may name him too); the line starts with a quote.
    let col = line
        .find("Jörg Weber —")
        .map(|b| line[..b].chars().count())
        .unwrap()
        - 1;
    // Matched letters are bold and underlined; the row is the pane's unfocused selection
    // (underlined only), so "Weber" after them is underlined but not bold.
    let highlighted = ratatui::style::Modifier::BOLD | ratatui::style::Modifier::UNDERLINED;
    for dx in 0..4 {
        let cell = &buffer[(col as u16 + dx, row as u16)];
        assert!(
            cell.modifier.contains(highlighted),
            "{:?} not highlighted",
            cell.symbol()
        );
    }
    let cell = &buffer[(col as u16 + 5, row as u16)];
    assert_eq!(cell.symbol(), "W");
    assert!(
        !cell.modifier.contains(ratatui::style::Modifier::BOLD),
        "Weber highlighted"
    );
}

#[test]
fn index_view() {
    let mut s = state(CORPUS, 100, 24);
    apply(&mut s, &[Action::OpenIndex]);
    assert_snapshot!(screen(&s));
}

/// Just after a reload of a few files, while the reloaded corpus' own index of names is built:
/// the index as it was, saying so.
#[test]
fn index_view_while_its_names_are_updated() {
    let mut s = state(CORPUS, 100, 12);
    let previous = brief::app::Loaded::shown(&s);
    let mut corpus = (*s.corpus).clone();
    corpus.briefings.pop();
    brief::app::apply_reload(&mut s, brief::app::Loaded::patched(&previous, corpus));
    apply(&mut s, &[Action::OpenIndex]);
    assert_snapshot!(screen(&s));
    // A narrow screen shows the mark too, and so do a person's briefings.
    apply(
        &mut s,
        &[Action::Resize {
            width: 40,
            height: 12,
        }],
    );
    assert_snapshot!(
        "index_view_while_its_names_are_updated_at_40x12",
        screen(&s)
    );
    apply(&mut s, &[Action::Open]);
    assert_snapshot!(
        "a_persons_briefings_while_the_names_are_updated_at_40x12",
        screen(&s)
    );
}

/// While a first load goes: the part that has arrived is listed, and the index of names, of
/// nothing yet, says it is updating and why it is empty.
#[test]
fn index_view_while_a_first_load_goes() {
    let mut s = state(CORPUS, 100, 10);
    let mut part = (*s.corpus).clone();
    part.briefings.truncate(2);
    s.loading = Some((2, 40));
    brief::app::apply_reload(&mut s, brief::app::Loaded::partial(None, part));
    // The list counts what has arrived, and says so.
    let list = screen(&s);
    assert!(list.contains("1 Briefings 2/2 so far"), "{list}");
    apply(&mut s, &[Action::OpenIndex]);
    assert_snapshot!(screen(&s));
    apply(&mut s, &[Action::Back]);
    apply(
        &mut s,
        &[Action::Resize {
            width: 40,
            height: 12,
        }],
    );
    assert_snapshot!("list_while_a_first_load_goes_at_40x12", screen(&s));
}

#[test]
fn index_view_filtered_and_a_persons_briefings() {
    let mut s = state(CORPUS, 100, 16);
    apply(&mut s, &[Action::OpenIndex, Action::StartFilter]);
    for c in "bayr".chars() {
        apply(
            &mut s,
            &[Action::Edit(brief::app::InputRequest::InsertChar(c))],
        );
    }
    apply(&mut s, &[Action::AcceptFilter]);
    let filtered = screen(&s);
    assert!(filtered.contains("Jeyhun Bayramov"), "{filtered}");
    apply(&mut s, &[Action::Open]);
    assert_snapshot!(screen(&s));
}

#[test]
fn chronology_view() {
    let mut s = state(CORPUS, 120, 20);
    apply(&mut s, &[Action::OpenChronology]);
    assert_snapshot!(screen(&s));
}

/// A state over one briefing written by the test (for shapes no fixture has).
fn state_of_yaml(yaml: &str, width: u16, height: u16) -> brief::app::State {
    use brief::ui::{ColorDepth, Theme};
    let corpus = brief::model::Corpus::from_sources([(
        "hostile.yaml".to_string(),
        Ok(yaml.as_bytes().to_vec()),
    )]);
    let mut s = brief::app::State::new(std::sync::Arc::new(corpus), Theme::new(ColorDepth::Mono));
    brief::app::update(&mut s, Action::Resize { width, height });
    s
}

#[test]
fn a_huge_text_is_cut_with_a_mark_and_controls_never_reach_the_screen() {
    // Written as YAML escapes: raw control characters are refused by the loader.
    let summary = "word ".repeat(8_000) + "\\u202Ereversed \\u009B2J";
    let yaml = format!(
        "title: \"Evil \\e]0;title\\a \\u202Ebriefing\"\ndate: 2024-01-01\nparticipants:\n  - name: Ana\n    notes: \"{summary}\"\n"
    );
    let mut s = state_of_yaml(&yaml, 80, 24);
    let title = screen(&s);
    // ratatui leaves out control and zero-width characters; the backend would replace any
    // that came through.
    assert!(title.contains("Evil ]0;title briefing"), "{title}");
    assert_snapshot!("hostile_title_drawn_safely", title);
    apply(
        &mut s,
        &[
            Action::Focus(Pane::Participants),
            Action::Zoom,
            Action::Bottom,
        ],
    );
    let text = screen(&s);
    assert!(text.contains("(23636 more characters;"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert_snapshot!(text);
}

#[test]
fn the_status_line_says_when_changes_may_be_missed() {
    let mut s = state(GOOD, 100, 20);
    s.watch_problem = Some("not watching tests/fixtures/good is gone".to_string());
    assert_snapshot!(screen(&s));
}

#[test]
fn a_full_filter_line_says_so() {
    let mut s = state(GOOD, 100, 20);
    apply(&mut s, &[Action::StartFilter]);
    let keys: Vec<Action> = std::iter::repeat_n(
        Action::Edit(brief::app::InputRequest::InsertChar('a')),
        brief::search::MAX_QUERY_CHARS + 5,
    )
    .collect();
    apply(&mut s, &keys);
    assert_eq!(
        s.filter.line.input.value().chars().count(),
        brief::search::MAX_QUERY_CHARS
    );
    assert_snapshot!(screen(&s));
}

// ---- Reading everything, knowing where you are (each at the size where it was seen) ----

/// The seed briefing (a news report of the Azerbaijan–Morocco joint commission).
fn seed(width: u16, height: u16) -> brief::app::State {
    let mut s = state(CORPUS, width, height);
    let at = s
        .visible
        .iter()
        .position(|&i| s.corpus.briefings[i].id == "2023-11-14-azerbaijan-morocco-joint-commission")
        .expect("the seed briefing is bundled");
    s.selected = at;
    s
}

#[test]
fn the_seeds_summary_is_marked_as_cut_below_the_panes_and_z_reads_it_whole_at_80x24() {
    let mut s = seed(80, 24);
    let text = screen(&s);
    assert!(text.contains("z reads it all"), "{text}");
    assert_snapshot!("seed_detail_80x24", text);
    apply(&mut s, &[Action::Zoom]);
    let top = screen(&s);
    assert!(top.contains("lines 1-"), "the zoom says it scrolls:\n{top}");
    assert_snapshot!("seed_zoomed_80x24_top", top);
    apply(&mut s, &[Action::Bottom]);
    let bottom = screen(&s);
    // The end of the summary the header cut ("which the two ministers co-chair, was …").
    assert!(bottom.contains("to read them)"), "{bottom}");
    assert_snapshot!("seed_zoomed_80x24_bottom", bottom);
}

#[test]
fn lists_longer_than_their_window_say_where_the_cursor_is_at_40x12() {
    let mut s = state(CORPUS, 40, 12);
    apply(&mut s, &[Action::Down, Action::Down, Action::Down]);
    let text = screen_with_selection(&s);
    assert!(text.contains(" 4/15 "), "{text}");
    assert_snapshot!(text);
}

#[test]
fn every_tab_keeps_a_name_down_to_30_columns() {
    for width in [30u16, 40, 60, 80] {
        let mut s = state(GOOD, width, 20);
        apply(&mut s, &[Action::Focus(Pane::Agenda)]);
        let text = screen(&s);
        let tabs = text.lines().next().unwrap_or_default().to_string();
        let tabs = if width >= 60 {
            text.lines().nth(4).unwrap_or_default().to_string()
        } else {
            tabs
        };
        for initial in ["2 T", "3 P", "4 A", "5 O"] {
            assert!(tabs.contains(initial), "{width} columns: {tabs}");
        }
    }
    let mut s = state(GOOD, 30, 12);
    apply(&mut s, &[Action::Focus(Pane::Agenda)]);
    assert_snapshot!(screen_with_selection(&s));
}

#[test]
fn the_status_line_keeps_the_load_problems_at_40x12() {
    let s = state("tests/fixtures/mixed", 40, 12);
    let text = screen(&s);
    let status = text.lines().last().unwrap_or_default();
    assert!(status.contains("(!)"), "{status}");
    assert_snapshot!(text);
}

#[test]
fn the_status_line_shortens_long_source_paths_before_dropping_hints_at_100_columns() {
    let mut s = state(GOOD, 100, 30);
    let mut corpus = (*s.corpus).clone();
    corpus.source = "/home/analyst/very/long/path/to/the/team/briefings/2024/europe, \
                     /home/analyst/another/rather/long/path/to/more/briefings"
        .to_string();
    s.corpus = std::sync::Arc::new(corpus);
    let text = screen(&s);
    let status = text.lines().last().unwrap_or_default();
    assert!(status.contains("/ filter · ? help · q quit"), "{status}");
    assert!(status.contains("…"), "{status}");
    assert!(status.contains("3/3 briefings"), "{status}");
    assert_snapshot!(status);
}

#[test]
fn a_long_filter_follows_the_cursor_and_its_error_is_shown_whole_at_80x24() {
    let mut s = state(CORPUS, 80, 24);
    type_query(
        &mut s,
        "azerbaijan morocco joint commission cooperation date:2023-1",
    );
    let text = screen(&s);
    // The end of the query, where the cursor is, is on screen; its start is cut with a mark.
    assert!(text.contains("/…"), "{text}");
    assert!(text.contains("date:2023-1"), "{text}");
    assert!(text.contains("✗"), "{text}");
    assert!(text.contains("query: "), "{text}");
    assert_snapshot!(text);
}

#[test]
fn help_says_how_it_scrolls_and_closes_at_120x40() {
    let mut s = state(GOOD, 120, 40);
    apply(&mut s, &[Action::ToggleHelp]);
    let text = screen(&s);
    assert!(text.contains("lines 1-"), "{text}");
    assert!(text.contains("Esc or q closes"), "{text}");
    assert_snapshot!(text);
}

#[test]
fn a_participant_shows_the_timeline_events_they_took_part_in() {
    let mut s = state(GOOD, 80, 24);
    apply(&mut s, &[Action::Focus(Pane::Participants), Action::Zoom]);
    let text = screen(&s);
    assert!(text.contains("In the timeline:"), "{text}");
    assert!(
        text.contains("1. 2024-03-06 09:30 Opening plenary"),
        "{text}"
    );
    assert_snapshot!(text);
}

#[test]
fn load_problems_at_40x12_cover_the_screen_and_keep_file_names_whole() {
    let mut s = state("tests/fixtures/mixed", 40, 12);
    apply(&mut s, &[Action::ToggleDiagnostics]);
    let text = screen(&s);
    assert!(
        text.lines()
            .next()
            .unwrap_or_default()
            .starts_with("\"┌ Load problems"),
        "{text}"
    );
    assert_snapshot!(text);
}

#[test]
fn an_empty_folder_says_how_to_start_and_an_index_of_one_says_person() {
    let s = state_of_yaml("", 80, 24);
    let text = screen(&s);
    assert!(text.contains("No briefing loaded. Press !"), "{text}");
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus =
        brief::model::Corpus::load(&brief::model::Origin::Paths(vec![dir.path().to_path_buf()]));
    let mut s = brief::app::State::new(
        std::sync::Arc::new(corpus),
        brief::ui::Theme::new(brief::ui::ColorDepth::Mono),
    );
    apply(
        &mut s,
        &[Action::Resize {
            width: 80,
            height: 24,
        }],
    );
    let text = screen(&s);
    assert!(text.contains("No briefings here."), "{text}");
    assert!(!text.contains("Press !"), "{text}");
    let mut s = state_of_yaml(
        "title: One\ndate: 2024-01-01\nparticipants:\n  - name: Ana Souza\n",
        80,
        24,
    );
    apply(&mut s, &[Action::OpenIndex]);
    let text = screen(&s);
    assert!(text.contains("Index · 1 person "), "{text}");
}

#[test]
fn sorting_by_participants_shows_how_many() {
    let mut s = state(GOOD, 80, 24);
    apply(&mut s, &[Action::CycleSort, Action::CycleSort]);
    let text = screen(&s);
    assert!(text.contains("2 people"), "{text}");
    assert!(text.contains("sorted by participants"), "{text}");
    assert!(!text.contains("sort: participants"), "said once: {text}");
}

#[test]
fn a_wide_tall_window_gives_the_list_and_the_detail_more_room_at_200x50() {
    let s = seed(200, 50);
    assert_snapshot!(screen(&s));
}

/// Each shipped theme draws the browser in its colours: the focused border, the selection, a
/// filter's matched letters and `›` markers, the `●` markers of the focused participant, the
/// kinds of outcome. The snapshot lists each cell's colours where they change.
#[test]
fn each_shipped_theme_draws_the_browser_in_its_colours() {
    for name in brief::ui::THEMES {
        let palette = brief::ui::Palette::named(name).expect("a shipped theme");
        let mut s = state(GOOD, 160, 30);
        s.theme = brief::ui::Theme::from_palette(&palette, brief::ui::ColorDepth::TrueColor);
        type_query(&mut s, "tariffs");
        apply(
            &mut s,
            &[Action::AcceptFilter, Action::Focus(Pane::Participants)],
        );
        insta::assert_snapshot!(format!("theme_{name}"), format!("{:?}", common::buffer(&s)));
    }
}

#[test]
fn no_color_wins_over_any_theme() {
    for name in brief::ui::THEMES {
        let palette = brief::ui::Palette::named(name).expect("a shipped theme");
        let mono = brief::ui::Theme::from_palette(&palette, brief::ui::ColorDepth::Mono);
        assert_eq!(
            mono,
            brief::ui::Theme::new(brief::ui::ColorDepth::Mono),
            "{name}"
        );
        let mut s = state(GOOD, 100, 24);
        s.theme = mono;
        let buffer = common::buffer(&s);
        assert!(
            buffer
                .content()
                .iter()
                .all(|c| c.fg == ratatui::style::Color::Reset
                    && c.bg == ratatui::style::Color::Reset),
            "{name}: a colour without colours"
        );
    }
}

/// The "lines a-b of n" the footer of the scrolling window on screen shows.
fn footer_lines(s: &brief::app::State) -> String {
    let text = screen(s);
    let start = text
        .find("lines ")
        .unwrap_or_else(|| panic!("no position: {text}"));
    text[start..]
        .split(" ·")
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn help_and_zoom_scroll_back_up_at_once_from_their_end_at_80x24() {
    use brief::app::Action::*;
    for opener in [ToggleHelp, Zoom] {
        // The seed's summary, zoomed, is longer than the window, as is the help.
        let mut s = seed(80, 24);
        apply(&mut s, &[opener]);
        let first = footer_lines(&s);
        apply(&mut s, &[Bottom]);
        let end = footer_lines(&s);
        assert_ne!(end, first, "the text is longer than the window");
        for _ in 0..50 {
            apply(&mut s, &[Down]);
        }
        apply(&mut s, &[PageDown, PageDown, HalfPageDown]);
        assert_eq!(footer_lines(&s), end, "the view stops at its end");
        apply(&mut s, &[Up]);
        assert_ne!(footer_lines(&s), end, "one key up moves it at once");
        apply(&mut s, &[Top, Down, Down, PageDown, PageDown, PageDown, Up]);
        assert_ne!(footer_lines(&s), end, "paging past the end, then up");
        apply(&mut s, &[Bottom, PageUp]);
        assert_ne!(footer_lines(&s), end, "PgUp from the end");
        apply(&mut s, &[Bottom, HalfPageUp]);
        assert_ne!(footer_lines(&s), end, "Ctrl-u from the end");
    }
}

#[test]
fn ctrl_d_and_ctrl_u_move_an_overlay_half_its_rows_at_80x24() {
    use brief::app::Action::*;
    let mut s = state(GOOD, 80, 24);
    apply(&mut s, &[ToggleHelp]);
    // 21 rows of help: half a page is 11 of them, a page all 21.
    let steps = [
        (None, "lines 1-21 of"),
        (Some(HalfPageDown), "lines 12-32 of"),
        (Some(HalfPageUp), "lines 1-21 of"),
        (Some(PageDown), "lines 22-42 of"),
    ];
    for (key, shown) in steps {
        apply(&mut s, key.as_slice());
        let footer = footer_lines(&s);
        assert!(footer.starts_with(shown), "after {key:?}: {footer}");
    }
}

/// What a terminal shows after drawing each of `frames` in turn, as ratatui sends them (only
/// the cells that changed), laying each cell's characters out as a terminal does: each one
/// that takes columns in its own, the marks that follow it in the same.
fn terminal_after(frames: &[&brief::app::State]) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let (w, h) = (frames[0].width, frames[0].height);
    let mut grid = vec![vec![" ".to_string(); usize::from(w)]; usize::from(h)];
    let mut previous = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    for state in frames {
        let next = common::buffer(state);
        for (x, y, cell) in previous.diff(&next) {
            let (row, mut col) = (&mut grid[usize::from(y)], usize::from(x));
            for c in cell.symbol().chars() {
                match c.width().unwrap_or(0) {
                    0 => row[col.saturating_sub(1)].push(c),
                    n if col < row.len() => {
                        row[col] = c.to_string();
                        col += n;
                    }
                    _ => {}
                }
            }
        }
        previous = next;
    }
    grid.into_iter().map(|row| row.concat()).collect()
}

/// The G20 summit's Participants pane, its second person (Azali Assoumani) focused.
fn g20_participants(width: u16, height: u16) -> brief::app::State {
    let mut s = state(CORPUS, width, height);
    s.selected = s
        .visible
        .iter()
        .position(|&i| s.corpus.briefings[i].id.contains("g20-new-delhi"))
        .expect("the G20 summit is bundled");
    apply(&mut s, &[Action::Focus(Pane::Participants), Action::Down]);
    s
}

#[test]
fn a_person_opened_beside_a_devanagari_name_leaves_no_glyphs_behind_at_80x24_and_40x12() {
    for (width, height) in [(80, 24), (40, 12)] {
        let before = g20_participants(width, height);
        let mut after = before.clone();
        apply(&mut after, &[Action::Open]);
        let shown = terminal_after(&[&before, &after]);
        let fresh = terminal_after(&[&after]);
        assert_eq!(shown, fresh, "what is left of the pane at {width}x{height}");
        assert!(!shown.concat().contains('\u{94b}'), "{}", shown.join("\n"));
        if width == 80 {
            let text = screen(&after);
            assert!(text.contains("person: Azali Assoumani"), "{text}");
            assert_snapshot!("the_person_view_of_azali_assoumani_at_80x24", text);
        }
        // The Devanagari name's row ends at the pane's border, as every other row.
        let rows = terminal_after(&[&before]);
        let modi = rows
            .iter()
            .find(|r| r.contains("Modi"))
            .expect("Modi's row");
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(modi.as_str()),
            usize::from(width),
            "{modi}"
        );
    }
}

#[test]
fn shortened_tab_names_end_in_a_mark_at_80x24() {
    let text = screen(&state(GOOD, 80, 24));
    assert!(text.contains("3 Part…   4 Agen…   5 Outc…"), "{text}");
    assert!(!text.contains("Part "), "{text}");
}
