//! What a client sees of the server's paths: each served file or folder by its own name, and
//! what is under it relative to that name (`briefings/2024/summit.yaml`), so that the server's
//! directory layout is never shown.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::app::Loaded;
use crate::model::{Corpus, Diagnostic, Entry};

/// A served file or folder.
struct Root {
    /// The ways its files' paths may start: as given, absolute, and with links resolved.
    bases: Vec<PathBuf>,
    /// The name clients see it by: its last part.
    name: String,
}

/// Rewrites the paths of a loaded corpus for clients.
pub struct ShownPaths {
    roots: Vec<Root>,
}

impl ShownPaths {
    /// For the files and folders served, as given on the command line.
    pub fn new(served: &[PathBuf]) -> ShownPaths {
        let roots = served
            .iter()
            .map(|given| {
                let absolute = std::path::absolute(given).ok();
                let canonical = given.canonicalize().ok();
                // `.` or `..` have no name of their own: their folder's is shown.
                let name = [Some(given), canonical.as_ref()]
                    .into_iter()
                    .flatten()
                    .find_map(|p| p.file_name())
                    .map_or_else(|| ".".to_string(), |n| n.to_string_lossy().into_owned());
                let mut bases: Vec<PathBuf> = [Some(given.clone()), absolute, canonical]
                    .into_iter()
                    .flatten()
                    .collect();
                bases.dedup();
                Root { bases, name }
            })
            .collect();
        ShownPaths { roots }
    }

    /// A file's path, as loading labelled it, as a client sees it.
    pub fn file(&self, label: &str) -> String {
        let path = Path::new(label);
        for root in &self.roots {
            for base in &root.bases {
                if let Ok(rest) = path.strip_prefix(base) {
                    if rest.as_os_str().is_empty() {
                        return root.name.clone();
                    }
                    return Path::new(&root.name).join(rest).display().to_string();
                }
            }
        }
        // Outside every served root: a relative path going nowhere up (the bundled briefings')
        // says nothing of the server; anything else is shown by its name alone.
        let harmless = path.is_relative()
            && path
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if harmless {
            return label.to_string();
        }
        path.file_name()
            .map_or_else(|| "…".to_string(), |n| n.to_string_lossy().into_owned())
    }

    /// A text that may name served paths (a load problem's message), with each shown by its
    /// name. Only paths that tell something of the layout (absolute, or going up) are replaced.
    pub fn text(&self, text: &str) -> String {
        let mut replacements: Vec<(String, &str)> = self
            .roots
            .iter()
            .flat_map(|root| {
                root.bases
                    .iter()
                    .filter(|b| {
                        b.is_absolute() || b.components().any(|c| c == Component::ParentDir)
                    })
                    .map(|b| (b.display().to_string(), root.name.as_str()))
            })
            .filter(|(base, _)| base.len() > 1)
            .collect();
        // The longest first, so that a folder inside another is replaced whole.
        replacements.sort_by_key(|(base, _)| std::cmp::Reverse(base.len()));
        replacements
            .iter()
            .fold(text.to_string(), |text, (base, name)| {
                text.replace(base, name)
            })
    }

    /// The corpus as clients see it: the same briefings, in the same order, with shown paths.
    pub fn corpus(&self, corpus: &Corpus) -> Corpus {
        Corpus {
            source: self.text(&corpus.source),
            briefings: corpus
                .briefings
                .iter()
                .map(|e| {
                    std::sync::Arc::new(Entry {
                        file: self.file(&e.file),
                        ..(**e).clone()
                    })
                })
                .collect(),
            diagnostics: corpus
                .diagnostics
                .iter()
                .map(|d| Diagnostic {
                    file: self.file(&d.file),
                    message: self.text(&d.message),
                    hint: d.hint.as_deref().map(|h| self.text(h)),
                    ..d.clone()
                })
                .collect(),
        }
    }

    /// A loaded corpus as clients see it. Its indexes stay: they hold no paths, and the
    /// briefings keep their order.
    /// A whole load as shown (its entity index is of its own corpus).
    pub fn loaded(&self, loaded: Loaded) -> Loaded {
        let corpus = Arc::new(self.corpus(&loaded.corpus));
        Loaded {
            entities_of: Arc::clone(&corpus),
            corpus,
            ..loaded
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_paths_are_shown_from_their_own_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("team").join("briefings");
        std::fs::create_dir_all(folder.join("2024")).expect("folders");
        let file = dir.path().join("notes.yaml");
        let shown = ShownPaths::new(&[folder.clone(), file.clone()]);
        let inside = folder.join("2024").join("summit.yaml");
        assert_eq!(
            shown.file(&inside.display().to_string()),
            "briefings/2024/summit.yaml"
        );
        assert_eq!(shown.file(&file.display().to_string()), "notes.yaml");
        assert_eq!(shown.file("/elsewhere/secret/x.yaml"), "x.yaml");
        assert_eq!(shown.file("../up/x.yaml"), "x.yaml");
        assert_eq!(shown.file("briefings/a.yaml"), "briefings/a.yaml");
        let message = format!(
            "cannot read: IO error for operation on {}",
            inside.display()
        );
        let text = shown.text(&message);
        assert_eq!(
            text,
            "cannot read: IO error for operation on briefings/2024/summit.yaml"
        );
        let relative = ShownPaths::new(&[PathBuf::from("briefings")]);
        assert_eq!(relative.file("briefings/a.yaml"), "briefings/a.yaml");
        assert_eq!(relative.text("a briefings list"), "a briefings list");
    }
}
