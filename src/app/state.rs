//! One user's view of a shared, read-only corpus.

use std::sync::Arc;

use tui_input::Input;

use crate::chronology::ChronoEntry;
use crate::entities::{EntityIndex, EntityKind};
use crate::model::{Briefing, Corpus, Entry};
use crate::search::{Hit, Query, QueryError, SearchIndex};
use crate::ui::Theme;

use super::action::Pane;
use super::keymap::Keymap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Diagnostics,
}

/// A filter line: the text being edited and the last query that parsed.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub input: Input,
    /// The line has the keyboard.
    pub editing: bool,
    /// The last query that parsed; its results stay on screen while the text is malformed.
    pub query: Query,
    pub error: Option<QueryError>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        self.editing || !self.input.value().is_empty()
    }

    /// Applies an edit; a character that would make the query longer than the limit is refused
    /// with the message to show, so a huge paste costs nothing.
    pub fn edit(&mut self, request: tui_input::InputRequest) -> Result<(), String> {
        use crate::search::MAX_QUERY_CHARS;
        if matches!(request, tui_input::InputRequest::InsertChar(_))
            && self.input.value().chars().count() >= MAX_QUERY_CHARS
        {
            return Err(format!(
                "the filter is full: queries are at most {MAX_QUERY_CHARS} characters"
            ));
        }
        self.input.handle(request);
        Ok(())
    }
}

/// The briefing list's filter with its history and the search passes it asks for.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub line: Filter,
    /// Earlier queries of the session, oldest first.
    pub history: Vec<String>,
    /// Position while recalling with up/down.
    pub recall: Option<usize>,
    /// What was being typed when recalling began, given back after the newest query.
    pub draft: String,
    /// Bumped whenever the query changes; a pass's results are used only for the latest.
    pub generation: u64,
    /// The generation whose results are on screen.
    pub shown: u64,
}

/// The results of a search pass, for the generation that asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResults {
    pub generation: u64,
    pub hits: Vec<Hit>,
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Newest first; best match first while a filter is active.
    #[default]
    Date,
    Title,
    /// Most participants first.
    Participants,
}

impl SortOrder {
    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::Date => SortOrder::Title,
            SortOrder::Title => SortOrder::Participants,
            SortOrder::Participants => SortOrder::Date,
        }
    }

    pub fn label(self, filtering: bool) -> &'static str {
        match self {
            SortOrder::Date if filtering => "best match",
            SortOrder::Date => "date",
            SortOrder::Title => "title",
            SortOrder::Participants => "participants",
        }
    }
}

/// A briefing to open in the user's editor: its file, and the path of the focused item in it
/// (`timeline.2`), whose line the front end looks up in the file as it is then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRequest {
    pub file: String,
    pub item: Option<String>,
}

/// A line of the chronology: a month heading or an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChronoRow {
    Month(String),
    Entry(ChronoEntry),
}

/// A view over the browser, opened from it; Esc closes it and the browser is as it was.
#[derive(Debug, Clone)]
pub enum View {
    /// People, organizations, countries or tags with counts, filterable.
    Index {
        kind: EntityKind,
        filter: Filter,
        rows: Vec<usize>,
        cursor: usize,
    },
    /// Every briefing with one entity (index into `entities.entities`).
    Entity { entity: usize, cursor: usize },
    /// Every briefing date and timeline event of the listed briefings, by month.
    Chronology { rows: Vec<ChronoRow>, cursor: usize },
}

/// Where the user was in the browser: the briefing (by id), the focus and the cursors, and
/// the list's filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub briefing: Option<String>,
    pub focus: Pane,
    pub tab: Pane,
    pub cursors: [usize; 4],
    pub filter: String,
}

/// All view state of one session. The corpus and its index are shared and never changed here.
#[derive(Debug, Clone)]
pub struct State {
    pub corpus: Arc<Corpus>,
    pub index: Arc<SearchIndex>,
    pub entities: Arc<EntityIndex>,
    /// The corpus the entity index was built over (its appearances are places in it): the
    /// corpus shown, but for the moment after a reload of a few files, while the reloaded
    /// corpus' own is built.
    pub entities_of: Arc<Corpus>,
    pub theme: Theme,
    /// The keys in force: the defaults with the user's bindings.
    pub keymap: Arc<Keymap>,
    /// How dates are written on screen (a strftime format checked when the config is read);
    /// `None`: `2024-03-06`.
    pub date_format: Option<String>,
    /// Why briefings cannot be edited from here (`e`), if they cannot: a session served to
    /// others is read-only.
    pub read_only: Option<String>,
    /// A briefing to open in the editor; the front end runs it and clears this.
    pub pending_edit: Option<EditRequest>,
    /// What is wrong in the config file (its defaults are used for those settings).
    pub config_problems: Vec<crate::model::Diagnostic>,
    pub sort: SortOrder,
    /// Views opened over the browser, the last one on screen.
    pub views: Vec<View>,
    /// The views a briefing was opened from: Esc in the browser returns to them.
    pub returns: Vec<View>,
    /// The browser as it was under the views before a briefing was opened from them: closing
    /// the views again puts it back, so that Esc returns exactly where the user was.
    pub underneath: Option<Spot>,
    /// A short confirmation for the status line, until the next key.
    pub message: Option<String>,
    /// Why changes on disk may not be seen (a watched folder is gone, the watcher failed).
    pub watch_problem: Option<String>,
    /// Text to put on the clipboard; the event loop writes it (OSC 52) and clears it.
    pub pending_copy: Option<String>,
    /// Indices into `corpus.briefings`, in display order.
    pub visible: Vec<usize>,
    /// Why each visible briefing matched the filter (its best field), aligned with `visible`.
    pub reasons: Vec<Option<crate::search::Reason>>,
    pub filter: ListFilter,
    /// A filter on one pane's items (`/` in a pane) and the items it keeps.
    pub pane_filter: Option<(Pane, Filter, Vec<usize>)>,
    /// Position in `visible` of the selected briefing.
    pub selected: usize,
    pub focus: Pane,
    /// The pane shown where only one fits: the last one focused.
    pub tab: Pane,
    /// The focused item of each pane of the selected briefing, by `Pane::index() - 1`.
    pub cursors: [usize; 4],
    /// The focused item is shown whole in a large window.
    pub zoomed: bool,
    /// Clicks and the wheel reach the browser (the help says what they do only then).
    pub mouse: bool,
    pub overlay: Option<Overlay>,
    /// First line shown of the help or diagnostics overlay, or of the zoomed item.
    pub scroll: u16,
    /// The terminal's size, as last reported.
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    /// The briefings are still being read: (files read, files in all). The corpus shown is
    /// empty until they all are.
    pub loading: Option<(usize, usize)>,
}

impl State {
    pub fn new(corpus: Arc<Corpus>, theme: Theme) -> State {
        let index = Arc::new(SearchIndex::build(&corpus));
        State::with_index(corpus, index, theme)
    }

    /// A state over a corpus whose search index is already built (and shared).
    pub fn with_index(corpus: Arc<Corpus>, index: Arc<SearchIndex>, theme: Theme) -> State {
        let entities = Arc::new(EntityIndex::build(&corpus));
        State::over(
            super::Loaded {
                entities_of: Arc::clone(&corpus),
                corpus,
                index,
                entities,
                stage: super::Stage::Whole,
            },
            theme,
        )
    }

    /// A state over a corpus whose indexes are all built already and shared, as a server's
    /// sessions share them.
    pub fn over(loaded: super::Loaded, theme: Theme) -> State {
        let super::Loaded {
            corpus,
            index,
            entities,
            entities_of,
            ..
        } = loaded;
        let visible: Vec<usize> = (0..corpus.briefings.len()).collect();
        State {
            reasons: vec![None; visible.len()],
            entities,
            entities_of,
            corpus,
            index,
            theme,
            keymap: Arc::new(Keymap::default()),
            date_format: None,
            read_only: Some("this session is read-only".to_string()),
            pending_edit: None,
            config_problems: Vec::new(),
            sort: SortOrder::default(),
            views: Vec::new(),
            returns: Vec::new(),
            underneath: None,
            message: None,
            watch_problem: None,
            pending_copy: None,
            visible,
            filter: ListFilter::default(),
            pane_filter: None,
            selected: 0,
            focus: Pane::List,
            tab: Pane::Timeline,
            cursors: [0; 4],
            zoomed: false,
            mouse: true,
            overlay: None,
            scroll: 0,
            width: 80,
            height: 24,
            quit: false,
            loading: None,
        }
    }

    /// Whether the entity index is of an older corpus, its own still being built.
    pub fn entities_updating(&self) -> bool {
        !Arc::ptr_eq(&self.entities_of, &self.corpus)
    }

    /// Where a briefing the entity index names (a place in `entities_of`) is in the corpus
    /// shown: found by id while the entity index is of an older corpus.
    pub fn entity_briefing(&self, n: usize) -> Option<usize> {
        if !self.entities_updating() {
            return Some(n);
        }
        let id = &self.entities_of.briefings.get(n)?.id;
        self.corpus.briefings.iter().position(|e| e.id == *id)
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.corpus.briefings.get(i))
            .map(|e| &**e)
    }

    pub fn selected_briefing(&self) -> Option<&Briefing> {
        self.selected_entry().map(|e| &e.briefing)
    }

    /// How many items the pane shows for the selected briefing (after its filter).
    pub fn pane_len(&self, pane: Pane) -> usize {
        match pane {
            Pane::List => self.visible.len(),
            _ => match &self.pane_filter {
                Some((p, _, items)) if *p == pane => items.len(),
                _ => self.item_count(pane),
            },
        }
    }

    /// How many items the selected briefing has in a pane, unfiltered.
    pub fn item_count(&self, pane: Pane) -> usize {
        self.selected_briefing().map_or(0, |b| match pane {
            Pane::Timeline => b.timeline.len(),
            Pane::Participants => b.participants.len(),
            Pane::Agenda => b.agenda.len(),
            Pane::Outcomes => b.outcomes.len(),
            Pane::List => 0,
        })
    }

    /// The items a pane shows, as indices into the briefing's list.
    pub fn shown_items(&self, pane: Pane) -> Vec<usize> {
        match &self.pane_filter {
            Some((p, _, items)) if *p == pane => items.clone(),
            _ => (0..self.item_count(pane)).collect(),
        }
    }

    /// The briefing's item under a pane's cursor.
    pub fn focused_item(&self, pane: Pane) -> Option<usize> {
        let pos = self.cursor(pane);
        match &self.pane_filter {
            Some((p, _, items)) if *p == pane => items.get(pos).copied(),
            _ => (pos < self.item_count(pane)).then_some(pos),
        }
    }

    /// The focused item of `pane`, as a position among the shown items.
    pub fn cursor(&self, pane: Pane) -> usize {
        match pane {
            Pane::List => self.selected,
            _ => self.cursors[pane.index() - 1],
        }
    }

    pub fn set_cursor(&mut self, pane: Pane, value: usize) {
        let max = self.pane_len(pane).saturating_sub(1);
        let value = value.min(max);
        match pane {
            Pane::List => {
                if value != self.selected {
                    self.selected = value;
                    self.cursors = [0; 4];
                    if self.pane_filter.take().is_some() {
                        self.message = Some("the pane filter was for the briefing before".into());
                    }
                }
            }
            _ => self.cursors[pane.index() - 1] = value,
        }
    }

    /// The filter line that has the keyboard, if any.
    pub fn editing_filter(&self) -> Option<&Filter> {
        if let Some(View::Index { filter, .. }) = self.views.last() {
            return filter.editing.then_some(filter);
        }
        match &self.pane_filter {
            Some((_, f, _)) if f.editing => Some(f),
            _ => self.filter.line.editing.then_some(&self.filter.line),
        }
    }

    /// Whether a search pass is wanted for the list's current query.
    pub fn needs_search(&self) -> bool {
        self.filter.generation != self.filter.shown
    }

    /// The first key that does the command called `name` in `mode`, as the help writes it, for
    /// the hints on screen; the command's name in brackets when the user left it without keys.
    pub fn key(&self, name: &str, mode: super::keymap::Mode) -> String {
        super::keymap::command_named(name)
            .and_then(|n| self.keymap.keys(n, mode).first())
            .map_or_else(|| format!("[{name}]"), |k| k.help_name())
    }

    /// A date as the user asked dates to be written.
    pub fn date(&self, date: crate::model::Date) -> String {
        match &self.date_format {
            Some(format) => date.0.format(format).to_string(),
            None => date.to_string(),
        }
    }

    /// A briefing's date, or its first and last days, as the user asked dates to be written.
    pub fn dates(&self, b: &Briefing) -> String {
        match b.end_date {
            Some(end) if end != b.date => format!("{}..{}", self.date(b.date), self.date(end)),
            _ => self.date(b.date),
        }
    }

    /// The participant focused in the Participants pane, when that pane has focus: its
    /// timeline events are marked.
    pub fn linked_participant(&self) -> Option<&str> {
        if self.focus != Pane::Participants {
            return None;
        }
        let b = self.selected_briefing()?;
        // The focused person, not the one at the cursor's position in the unfiltered list.
        b.participants
            .get(self.focused_item(Pane::Participants)?)
            .map(|p| p.name.as_str())
    }
}
