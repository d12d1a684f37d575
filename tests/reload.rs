//! Live reload: files added, changed, broken and removed in a watched folder show up within a
//! second, without losing the selection or the filter, and a broken file keeps its last good
//! version on screen, marked stale, beside its diagnostic.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use brief::app::{
    Action, InputRequest, Loaded, Stage, State, apply_reload, complete_search, update,
};
use brief::entities::EntityKind;
use brief::model::{Corpus, Origin, Severity};
use brief::session::Reloader;
use brief::ui::{ColorDepth, Theme};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write a briefing");
}

/// Waits (at most a second and a half) for the watcher's reload and applies it (a patched
/// corpus with the entity index that follows it).
fn wait_for_reload(reloader: &mut Reloader, state: &mut State) -> Duration {
    let started = Instant::now();
    loop {
        if let Some(Some(loaded)) = reloader.poll(&Loaded::shown(state)) {
            let stage = loaded.stage;
            apply_reload(state, loaded);
            complete_search(state);
            if stage != Stage::Patched {
                return started.elapsed();
            }
        }
        assert!(
            started.elapsed() < Duration::from_millis(1500),
            "no reload within 1.5 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn titles(state: &State) -> Vec<String> {
    state
        .visible
        .iter()
        .map(|&i| state.corpus.briefings[i].briefing.title.clone())
        .collect()
}

#[test]
fn edits_breaks_and_removals_are_picked_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(
        d,
        "a.yaml",
        "title: Alpha talks\ndate: 2024-01-01\nparticipants:\n  - name: Ana Souza\n",
    );
    write(d, "b.yaml", "title: Beta summit\ndate: 2023-01-01\n");
    write(
        d,
        "c.yaml",
        "title: Gamma visit\ndate: 2022-01-01\nparticipants:\n  - name: Ana Souza\n",
    );
    let origin = Origin::Paths(vec![d.to_path_buf()]);
    let mut state = State::new(
        Arc::new(Corpus::load(&origin)),
        Theme::new(ColorDepth::Mono),
    );
    update(
        &mut state,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    let mut reloader = Reloader::watch(&origin).expect("a watcher");

    // Filter to Ana Souza's briefings and select the second (Gamma).
    update(&mut state, Action::StartFilter);
    for c in "souza".chars() {
        update(&mut state, Action::Edit(InputRequest::InsertChar(c)));
    }
    update(&mut state, Action::AcceptFilter);
    complete_search(&mut state);
    update(&mut state, Action::Down);
    assert_eq!(titles(&state), ["Alpha talks", "Gamma visit"]);
    assert_eq!(state.selected_briefing().unwrap().title, "Gamma visit");

    // 1. A new file that matches the filter appears; the selection stays on Gamma.
    write(
        d,
        "d.yaml",
        "title: Delta forum\ndate: 2025-01-01\nparticipants:\n  - name: Ana Souza\n",
    );
    let took = wait_for_reload(&mut reloader, &mut state);
    assert!(took < Duration::from_secs(1), "reload took {took:?}");
    assert_eq!(
        titles(&state),
        ["Delta forum", "Alpha talks", "Gamma visit"]
    );
    assert_eq!(state.selected_briefing().unwrap().title, "Gamma visit");
    assert_eq!(state.filter.line.input.value(), "souza", "the filter stays");

    // 2. An edit changes the title on screen.
    write(
        d,
        "c.yaml",
        "title: Gamma visit, revised\ndate: 2022-01-01\nparticipants:\n  - name: Ana Souza\n",
    );
    wait_for_reload(&mut reloader, &mut state);
    assert_eq!(
        state.selected_briefing().unwrap().title,
        "Gamma visit, revised"
    );

    // 3. Broken while being edited: the last good version stays, marked stale, and the
    //    diagnostic names the file and line.
    write(d, "c.yaml", "title: [Gamma visit\ndate: 2022-01-01\n");
    wait_for_reload(&mut reloader, &mut state);
    let selected = state.selected_entry().unwrap();
    assert_eq!(selected.briefing.title, "Gamma visit, revised");
    assert!(selected.stale, "the last good version is marked stale");
    let d_err = state
        .corpus
        .diagnostics
        .iter()
        .find(|x| x.severity == Severity::Error)
        .expect("a diagnostic");
    assert!(d_err.file.ends_with("c.yaml") && d_err.line == 2, "{d_err}");
    let screen = common::screen(&state);
    assert!(screen.contains("stale"), "{screen}");

    // 4. Fixed again: no longer stale, no diagnostic.
    write(
        d,
        "c.yaml",
        "title: Gamma visit\ndate: 2022-01-01\nparticipants:\n  - name: Ana Souza\n",
    );
    wait_for_reload(&mut reloader, &mut state);
    assert!(!state.selected_entry().unwrap().stale);
    assert!(state.corpus.diagnostics.is_empty());

    // 5. Removed: it leaves the list; its neighbour takes the selection, not the first.
    let at = state.selected;
    assert_eq!(at, 2, "Gamma is last, after Alpha");
    std::fs::remove_file(d.join("c.yaml")).unwrap();
    wait_for_reload(&mut reloader, &mut state);
    assert_eq!(titles(&state), ["Delta forum", "Alpha talks"]);
    assert_eq!(state.selected_briefing().unwrap().title, "Alpha talks");
}

#[test]
fn the_bundled_corpus_is_not_watched() {
    assert!(Reloader::watch(&Origin::Bundled).is_none());
}

#[test]
fn open_views_survive_a_reload() {
    use brief::app::View;
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(
        d,
        "a.yaml",
        "title: Alpha talks\ndate: 2024-01-01\nparticipants:\n  - name: Ana Souza\n  - name: Bo Li\n",
    );
    let origin = Origin::Paths(vec![d.to_path_buf()]);
    let mut state = State::new(
        Arc::new(Corpus::load(&origin)),
        Theme::new(ColorDepth::Mono),
    );
    let mut reloader = Reloader::watch(&origin).expect("a watcher");
    // The index, then Ana Souza's briefings on top of it.
    update(&mut state, Action::OpenIndex);
    update(&mut state, Action::Open);
    let count = |s: &State| match s.views.last() {
        Some(View::Entity { entity, .. }) => (
            s.entities.entities[*entity].name.clone(),
            s.entities.entities[*entity].count(),
        ),
        other => panic!("not a person's briefings: {other:?}"),
    };
    assert_eq!(count(&state), ("Ana Souza".to_string(), 1));
    write(
        d,
        "b.yaml",
        "title: Beta summit\ndate: 2025-01-01\nparticipants:\n  - name: Ana Souza\n",
    );
    wait_for_reload(&mut reloader, &mut state);
    assert_eq!(state.views.len(), 2, "the index and the person stay open");
    assert_eq!(
        count(&state),
        ("Ana Souza".to_string(), 2),
        "with the new briefing"
    );
    update(&mut state, Action::Back);
    assert!(matches!(state.views.last(), Some(View::Index { .. })));
}

fn state_for(origin: &Origin) -> State {
    let mut state = State::new(Arc::new(Corpus::load(origin)), Theme::new(ColorDepth::Mono));
    update(
        &mut state,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    state
}

/// Waits for reloads until `check` holds (several reloads may come from one burst of changes).
fn wait_until_shown(reloader: &mut Reloader, state: &mut State, check: impl Fn(&State) -> bool) {
    let started = Instant::now();
    while !check(state) {
        if let Some(Some(loaded)) = reloader.poll(&Loaded::shown(state)) {
            apply_reload(state, loaded);
            complete_search(state);
            continue;
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "not shown within 3 s: {:?} (watch problem: {:?})",
            titles(state),
            reloader.problem()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_folder_deleted_and_made_anew_is_watched_again() {
    let parent = tempfile::tempdir().expect("temp dir");
    let d = parent.path().join("briefings");
    std::fs::create_dir(&d).unwrap();
    write(&d, "a.yaml", "title: Alpha talks\ndate: 2024-01-01\n");
    let origin = Origin::Paths(vec![d.clone()]);
    let mut state = state_for(&origin);
    let mut reloader = Reloader::watch(&origin).expect("a watcher");
    assert_eq!(reloader.problem(), None);

    std::fs::remove_dir_all(&d).unwrap();
    wait_until_shown(&mut reloader, &mut state, |s| s.corpus.briefings.is_empty());
    assert!(
        reloader.problem().is_some_and(|p| p.contains("is gone")),
        "{:?}",
        reloader.problem()
    );

    std::fs::create_dir(&d).unwrap();
    write(&d, "b.yaml", "title: Beta summit\ndate: 2023-01-01\n");
    wait_until_shown(&mut reloader, &mut state, |s| titles(s) == ["Beta summit"]);
    // And it keeps being watched.
    write(&d, "c.yaml", "title: Gamma visit\ndate: 2022-01-01\n");
    wait_until_shown(&mut reloader, &mut state, |s| {
        titles(s) == ["Beta summit", "Gamma visit"]
    });
    assert_eq!(reloader.problem(), None);
}

#[test]
fn a_single_file_saved_by_rename_again_and_again_is_always_seen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("talks.yaml");
    std::fs::write(&file, "title: Version 0\ndate: 2024-01-01\n").unwrap();
    let origin = Origin::Paths(vec![file.clone()]);
    let mut state = state_for(&origin);
    let mut reloader = Reloader::watch(&origin).expect("a watcher");
    for version in 1..=4 {
        // What editors do: write a new file beside it, then rename it over the old one.
        let tmp = dir.path().join(".talks.yaml.swp");
        std::fs::write(
            &tmp,
            format!("title: Version {version}\ndate: 2024-01-01\n"),
        )
        .unwrap();
        std::fs::rename(&tmp, &file).unwrap();
        let want = format!("Version {version}");
        wait_until_shown(&mut reloader, &mut state, |s| titles(s) == [want.clone()]);
    }
    // A file beside it that is not the one watched does not reload anything.
    write(dir.path(), "other.yaml", "title: Other\ndate: 2024-01-01\n");
    std::thread::sleep(Duration::from_millis(400));
    assert!(
        !reloader.pending(),
        "a change to another file started a reload"
    );
}

/// A reload after a few files changed reads only those files (`Corpus::patch`), and must give
/// exactly what a full reload gives: entries, their order, stale versions and diagnostics.
#[test]
fn a_reload_of_the_changed_files_alone_equals_a_full_reload() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "a.yaml", "title: Alpha talks\ndate: 2024-01-01\n");
    write(
        d,
        "b.yaml",
        "title: Beta summit\ndate: 2023-01-01\nbogus: 1\n",
    );
    write(d, "c.yaml", "title: Gamma visit\ndate: 2022-01-01\n");
    std::fs::create_dir(d.join("sub")).expect("sub folder");
    write(&d.join("sub"), "d.yaml", "title: Delta\ndate: 2021-01-01\n");
    // As named on the command line (relative here), so labels are the folder walk's own.
    let origin = Origin::Paths(vec![d.to_path_buf()]);
    let mut corpus = Corpus::load(&origin);
    let absolute = |name: &str| std::path::absolute(d.join(name)).expect("absolute path");
    let same = |patched: &Corpus, full: &Corpus| {
        let entries = |c: &Corpus| {
            c.briefings
                .iter()
                .map(|e| (e.id.clone(), e.file.clone(), e.stale, e.briefing.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(entries(patched), entries(full));
        assert_eq!(patched.diagnostics, full.diagnostics);
    };
    // (what, which file, its new content or `None` to remove it)
    let steps = [
        (
            "an edit",
            "c.yaml",
            Some("title: Gamma visit, moved\ndate: 2025-01-01\n"),
        ),
        (
            "a new file",
            "e.yaml",
            Some("title: Epsilon\ndate: 2020-01-01\nx: 1\n"),
        ),
        ("a file broken", "a.yaml", Some("title: [Alpha\n")),
        (
            "a warning fixed",
            "b.yaml",
            Some("title: Beta summit\ndate: 2023-01-01\n"),
        ),
        (
            "a file in a subfolder",
            "sub/d.yaml",
            Some("title: Delta 2\ndate: 2021-01-01\n"),
        ),
        ("a file removed", "e.yaml", None),
        (
            "a broken file mended",
            "a.yaml",
            Some("title: Alpha again\ndate: 2024-01-01\n"),
        ),
    ];
    for (what, file, content) in steps {
        match content {
            Some(text) => write(d, file, text),
            None => std::fs::remove_file(d.join(file)).expect("remove"),
        }
        let patched = corpus
            .patch(&origin, &[absolute(file)])
            .unwrap_or_else(|| panic!("{what}: the patch gave up"));
        let full = corpus.reload(&origin);
        same(&patched, &full);
        corpus = full;
    }
    assert!(
        corpus
            .briefings
            .iter()
            .any(|e| e.briefing.title == "Alpha again")
    );

    // What only a full reload can tell: an id another file holds, a folder.
    write(
        d,
        "f.yaml",
        "id: c\ntitle: Same id as c\ndate: 2020-01-01\n",
    );
    assert!(
        corpus.patch(&origin, &[absolute("f.yaml")]).is_none(),
        "a taken id"
    );
    corpus = corpus.reload(&origin);
    assert!(
        corpus.patch(&origin, &[absolute("c.yaml")]).is_none(),
        "a duplicate shown"
    );
    assert!(
        corpus.patch(&origin, &[absolute("sub")]).is_none(),
        "a folder"
    );
    assert!(
        corpus
            .patch(&origin, &[d.join("../elsewhere.yaml")])
            .is_none(),
        "outside the origin"
    );
}

/// A folder of 2,500 briefings, later files newer (each part of a load has a new top), one in
/// ten about trade; the first load of it in a browser set up by `prepare`, with `each(state,
/// stage)` after every part, after the whole and after its search index in one piece.
fn load_part_by_part(prepare: impl FnOnce(&mut State), each: impl FnMut(&State, Stage)) {
    load_part_by_part_seen(prepare, |_, _| {}, each);
}

/// [`load_part_by_part`], calling `arrived` also as each stage is put in place, before the
/// search for the filter has run again over it.
fn load_part_by_part_seen(
    prepare: impl FnOnce(&mut State),
    mut arrived: impl FnMut(&State, Stage),
    mut each: impl FnMut(&State, Stage),
) {
    let dir = tempfile::tempdir().expect("temp dir");
    for n in 0..2_500 {
        let topic = if n % 10 == 0 {
            "Trade talks"
        } else {
            "Water summit"
        };
        let text = format!(
            "title: {topic} {n}\ndate: {}-01-01\nparticipants:\n  - name: Envoy {}\n",
            1990 + n / 100,
            n % 1_500
        );
        write(dir.path(), &format!("b{n:05}.yaml"), &text);
    }
    let origin = Origin::Paths(vec![dir.path().to_path_buf()]);
    let mut state = State::new(Arc::new(Corpus::default()), Theme::new(ColorDepth::Mono));
    update(
        &mut state,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    state.loading = Some((0, 0));
    prepare(&mut state);
    let mut reloader = Reloader::watch(&origin).expect("a watcher");
    reloader.load_now();
    let started = Instant::now();
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the load never ended"
        );
        let Some(reloaded) = reloader.poll(&Loaded::shown(&state)) else {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        let loaded = reloaded.expect("the load succeeds");
        let stage = loaded.stage;
        apply_reload(&mut state, loaded);
        arrived(&state, stage);
        complete_search(&mut state);
        each(&state, stage);
        let in_one_piece = state.index.parts() == 1;
        if stage == Stage::Whole || stage == Stage::Follow && in_one_piece {
            return;
        }
    }
}

/// The list filtered to `trade`, typed and kept.
fn filter_trade(state: &mut State) {
    update(state, Action::StartFilter);
    for c in "trade".chars() {
        update(state, Action::Edit(InputRequest::InsertChar(c)));
    }
    update(state, Action::AcceptFilter);
}

/// The first load hands the browser what has arrived as it goes: the list fills in, a filter
/// typed meanwhile runs over the briefings read so far, and the status keeps saying the load
/// is going until the last file is in; the filter runs again over the whole.
#[test]
fn the_list_fills_in_while_the_first_load_goes_and_a_filter_works_over_what_arrived() {
    let mut parts = Vec::new();
    load_part_by_part(filter_trade, |state, stage| {
        let partial = stage == Stage::Part;
        let screen = common::screen(state);
        let arrived = state.corpus.briefings.len();
        if !partial {
            assert!(state.loading.is_none());
            assert_eq!(
                state.visible.len(),
                250,
                "the filter runs again over the whole"
            );
            assert!(screen.contains("250/2,500 briefings"), "{screen}");
            return;
        }
        assert!(arrived < 2_500, "a part holds all {arrived} briefings");
        assert!(state.loading.is_some(), "a part is not shown as the whole");
        assert!(
            !screen.contains(&format!("/{arrived} briefings")),
            "{screen}"
        );
        assert_eq!(
            state.visible.len(),
            arrived.div_ceil(10),
            "the filter over what arrived"
        );
        parts.push(arrived);
    });
    assert!(!parts.is_empty(), "no part came before the whole");
}

/// While the search runs again over what has just arrived, the list shows the matches it had
/// (those still there), never the whole list unfiltered.
#[test]
fn a_filtered_list_never_shows_unfiltered_while_its_search_runs_again() {
    let mut shown = Vec::new();
    load_part_by_part_seen(
        filter_trade,
        |state, _| {
            for &i in &state.visible {
                let title = &state.corpus.briefings[i].briefing.title;
                assert!(title.starts_with("Trade talks"), "{title} shown");
            }
            shown.push(state.visible.len());
        },
        |_, _| {},
    );
    // After the first part, what was found before is still there.
    assert!(shown.iter().skip(1).all(|&n| n > 0), "{shown:?}");
}

/// While the first load goes, newer briefings arriving take the top of the list, and the top
/// stays selected until the user moves.
#[test]
fn the_top_of_the_list_stays_selected_while_the_first_load_goes() {
    let mut parts = 0;
    load_part_by_part(
        |_| {},
        |state, stage| {
            let newest = state.corpus.briefings[0].id.as_str();
            assert_eq!(state.selected_entry().map(|e| e.id.as_str()), Some(newest));
            parts += usize::from(stage == Stage::Part);
        },
    );
    assert!(parts > 0, "no part came before the whole");
}

/// Each part of a first load adds to the search index only what it read, as a part of its
/// own; once the list is whole, the index comes again in one piece, and searches the same.
#[test]
fn a_first_loads_search_index_grows_by_parts_and_is_then_put_in_one_piece() {
    // (stage, parts of the search index, index of names still to come, still loading)
    let mut seen: Vec<(Stage, usize, bool, bool)> = Vec::new();
    load_part_by_part(
        |_| {},
        |state, stage| {
            let loading = state.loading.is_some();
            seen.push((
                stage,
                state.index.parts(),
                state.entities_updating(),
                loading,
            ));
            let query = brief::search::parse("trade").expect("a query");
            let hits = brief::search::search_all(&state.index, &state.corpus, &query);
            assert_eq!(hits.len(), state.corpus.briefings.len().div_ceil(10));
        },
    );
    let parts: Vec<usize> = seen
        .iter()
        .take_while(|s| s.0 == Stage::Part)
        .map(|s| s.1)
        .collect();
    assert_eq!(parts, (1..=parts.len()).collect::<Vec<_>>(), "{seen:?}");
    // The whole list comes as soon as the last file is read, its index of names after it,
    // and then its search index in one piece.
    let n = parts.len() + 1;
    assert_eq!(
        seen[parts.len()..],
        [
            (Stage::Patched, n, true, false),
            (Stage::Follow, n, false, false),
            (Stage::Follow, 1, false, false),
        ],
        "{seen:?}"
    );
}

/// The index of names of a first load comes after the whole list: until it does (while the
/// load goes, too), the people's index says it is updating, and then it names everyone.
#[test]
fn a_first_loads_index_of_names_follows_the_whole_list() {
    let mut screens: Vec<(Stage, String)> = Vec::new();
    load_part_by_part(
        |state| update(state, Action::OpenIndex),
        |state, stage| {
            if stage == Stage::Part {
                // While the load goes, the index is of nothing yet, and says so.
                let part = common::screen(state);
                assert!(part.contains("Index · updating · 0 people"), "{part}");
                assert!(
                    part.contains("The briefings are still being read."),
                    "{part}"
                );
            } else {
                screens.push((stage, common::screen(state)));
            }
        },
    );
    let (stage, whole) = &screens[0];
    assert_eq!(*stage, Stage::Patched);
    assert!(whole.contains("updating · "), "{whole}");
    let (stage, named) = &screens[1];
    assert_eq!(*stage, Stage::Follow);
    assert!(!named.contains("updating"), "{named}");
    assert!(named.contains("Index · 1,500 people"), "{named}");
}

/// A reload of one file comes on screen at once, searchable; the index of names stays the
/// one of the corpus before until its own is built (it says so, and a briefing opened from it
/// is the briefing as it is now), then the new names are in it.
#[test]
fn a_reload_of_one_file_shows_at_once_and_the_index_of_names_follows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(
        d,
        "a.yaml",
        "title: Alpha talks\ndate: 2024-01-01\nparticipants:\n  - name: Ana Souza\n",
    );
    write(
        d,
        "b.yaml",
        "title: Beta summit\ndate: 2023-01-01\nparticipants:\n  - name: Bo Berg\n",
    );
    let origin = Origin::Paths(vec![d.to_path_buf()]);
    let mut state = state_for(&origin);
    let mut reloader = Reloader::watch(&origin).expect("a watcher");
    // The people's index, filtered to Ana Souza, and her briefings.
    update(&mut state, Action::OpenIndex);
    update(&mut state, Action::StartFilter);
    for c in "souza".chars() {
        update(&mut state, Action::Edit(InputRequest::InsertChar(c)));
    }
    update(&mut state, Action::AcceptFilter);
    update(&mut state, Action::Open);
    assert!(common::screen(&state).contains("person: Ana Souza · 1 briefing"));

    // Moved after Beta in the list, and with a new participant.
    write(
        d,
        "a.yaml",
        "title: Alpha talks, moved\ndate: 2020-01-01\nparticipants:\n  - name: Ana Souza\n  - name: Cy Dee\n",
    );
    let started = Instant::now();
    let patched = loop {
        if let Some(Some(loaded)) = reloader.poll(&Loaded::shown(&state)) {
            break loaded;
        }
        assert!(started.elapsed() < Duration::from_secs(2), "no reload");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(patched.stage, Stage::Patched);
    apply_reload(&mut state, patched);
    assert!(state.entities_updating());
    assert!(
        state
            .corpus
            .briefings
            .iter()
            .any(|e| e.briefing.title == "Alpha talks, moved")
    );
    assert!(state.entities.find(EntityKind::Person, "Cy Dee").is_none());
    let screen = common::screen(&state);
    assert!(
        screen.contains("updating · person: Ana Souza · 1 briefing ("),
        "{screen}"
    );
    // Opened from the index as it was: the briefing as it is now, at its new place.
    update(&mut state, Action::Open);
    assert!(state.views.is_empty());
    assert_eq!(
        state.selected_briefing().map(|b| b.title.as_str()),
        Some("Alpha talks, moved")
    );

    let own = loop {
        if let Some(Some(loaded)) = reloader.poll(&Loaded::shown(&state)) {
            break loaded;
        }
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "no entity index"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(own.stage, Stage::Follow);
    apply_reload(&mut state, own);
    assert!(!state.entities_updating());
    assert!(state.entities.find(EntityKind::Person, "Cy Dee").is_some());
    // Back in Ana Souza's briefings: no longer updating.
    update(&mut state, Action::Back);
    let screen = common::screen(&state);
    assert!(
        screen.contains("person: Ana Souza · 1 briefing (") && !screen.contains("updating"),
        "{screen}"
    );

    // An entity index that comes after a newer corpus is shown is not taken.
    let older = Loaded::shown(&state);
    let copy = (*state.corpus).clone();
    apply_reload(&mut state, Loaded::patched(&older, copy));
    let shown_now = Arc::clone(&state.corpus);
    apply_reload(&mut state, older.with_own_entities());
    assert!(Arc::ptr_eq(&state.corpus, &shown_now));
    assert!(state.entities_updating(), "the late index was taken");
}
