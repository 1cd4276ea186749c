//! File-system wrappers that put the path into every I/O error, so a failure
//! always says which file it was about.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Reads a whole file as bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        action: "cannot read",
        path: path.to_owned(),
        source,
    })
}

/// Writes a whole file, replacing what was there.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        action: "cannot write",
        path: path.to_owned(),
        source,
    })
}

/// Creates a folder and its parents.
pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|source| Error::Io {
        action: "cannot create folder",
        path: path.to_owned(),
        source,
    })
}

/// Creates one folder that must not exist yet, so a build never writes
/// into a folder someone else made (or pointed elsewhere with a link).
pub(crate) fn create_dir(path: &Path) -> Result<()> {
    std::fs::create_dir(path).map_err(|source| Error::Io {
        action: "cannot create folder",
        path: path.to_owned(),
        source,
    })
}

/// The absolute path with every link and `..` resolved, as the kernel will
/// follow it; the path must exist.
pub(crate) fn canonicalize(path: &Path) -> Result<PathBuf> {
    path.canonicalize().map_err(|source| Error::Io {
        action: "cannot resolve",
        path: path.to_owned(),
        source,
    })
}

/// Removes a folder and everything in it; a missing folder is not an error.
pub(crate) fn remove_dir_all(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Io {
            action: "cannot remove",
            path: path.to_owned(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Renames a file or folder.
pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|source| Error::Io {
        action: "cannot move into place",
        path: to.to_owned(),
        source,
    })
}

/// Copies one file.
pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|source| Error::Io {
            action: "cannot copy",
            path: from.to_owned(),
            source,
        })
}
