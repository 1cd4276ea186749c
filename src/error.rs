//! Fatal errors: sitrep cannot go on (I/O, an unreadable settings file, a template
//! that will not compile). Problems with the site's content are `Diagnostic`s instead.

use std::path::PathBuf;

/// A failure that stops the run at once.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read, written or created.
    #[error("{action} `{}`: {source}", path.display())]
    Io {
        /// What sitrep was doing ("cannot read", "cannot write", ...).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A template failed to compile or render: `templates/x.html:12:5: message`.
    #[error("{location}: template error: {message}{}", page.as_ref().map(|p| format!(" (while rendering `{p}`)")).unwrap_or_default())]
    Template {
        /// `templates/NAME:LINE:COL`, or the template name when Tera gives no line.
        location: String,
        /// What Tera said.
        message: String,
        /// The page or briefing being rendered.
        page: Option<String>,
    },
    /// The output folder is one sitrep must not replace.
    #[error("refusing to write to `{}`: {reason}", path.display())]
    UnsafeOutput {
        /// The requested output folder.
        path: PathBuf,
        /// Why it is refused and what to do.
        reason: String,
    },
    /// `serve` stopped a build because a newer change is waiting; the next
    /// build does its work. Never shown.
    #[error("stopped for a newer change")]
    Superseded,
    /// The site root does not exist or is not a folder.
    #[error("site root `{}` is not a folder", .0.display())]
    NoSiteRoot(PathBuf),
}

/// Result with sitrep's fatal [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
