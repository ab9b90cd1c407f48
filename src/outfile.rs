//! Writing an output file (a model, a registry file, tuned settings, a report), the one way
//! every writer does it.
//!
//! A regular file is written to a temporary file created exclusively, under an unpredictable
//! name, in the target's folder (`tempfile`), flushed, then renamed into place: a reader never
//! sees half a file, and a link planted at a temporary name cannot redirect the write. Only a
//! regular file is ever replaced. A FIFO or character device (`/dev/null`, a terminal, a pipe
//! behind `/dev/fd/N`) gets a report written through it, and is an error for files that are
//! kept (models, registry files, settings). A symbolic link at the target is refused, so a
//! link planted in a shared folder never sends a write elsewhere.

use std::fs::{FileType, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What is written: the words in messages, and whether a stream may take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Model,
    Settings,
    Registry,
    Report,
}

impl Kind {
    fn what(self) -> &'static str {
        match self {
            Kind::Model => "the model file",
            Kind::Settings => "the settings file",
            Kind::Registry => "the registry file",
            Kind::Report => "the report",
        }
    }

    /// Reports are read once, so a FIFO or a device may take them; the rest is kept on disk.
    fn streams(self) -> bool {
        self == Kind::Report
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.what())
    }
}

/// Why an output file was not written; each message names the path.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{}: already exists; pass --force to overwrite it, or choose another --out",
        crate::term::path(path)
    )]
    Exists { path: PathBuf },
    #[error("{}: is {what}, not a regular file; {kind} is written only to a regular file, so choose another path", crate::term::path(path))]
    NotRegular {
        path: PathBuf,
        what: &'static str,
        kind: Kind,
    },
    #[error("{}: is a symbolic link (to {}); stance does not write {kind} through a link, so a link planted there cannot send it elsewhere; give the real path", crate::term::path(path), crate::term::path(to))]
    Symlink {
        path: PathBuf,
        to: PathBuf,
        kind: Kind,
    },
    // `err`, not `source`: the message already shows it, and the error chain would repeat it.
    #[error("{}: cannot write {kind}: {err}", crate::term::path(path))]
    Io {
        path: PathBuf,
        kind: Kind,
        err: std::io::Error,
    },
}

impl WriteError {
    /// The OS error underneath, if any (a closed pipe behind a FIFO report is not a failure).
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match self {
            WriteError::Io { err, .. } => Some(err),
            _ => None,
        }
    }
}

/// Names a file type that is not a regular file, for messages (also the input walk's warnings).
pub(crate) fn describe(t: FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// A FIFO or character device: something a report can be written through.
fn is_stream(t: FileType) -> bool {
    t.is_fifo() || t.is_char_device()
}

/// How a write will go.
enum Plan {
    Stdout,
    Stderr,
    Through,
    Replace,
}

/// Checks that `path` can take `kind` (before minutes of training, say), writing nothing.
pub fn check(path: &Path, kind: Kind, force: bool) -> Result<(), WriteError> {
    plan(path, kind, force).map(|_| ())
}

fn plan(path: &Path, kind: Kind, force: bool) -> Result<Plan, WriteError> {
    // The process's own output streams, by the names shells and users give them.
    if kind.streams() && path == Path::new("/dev/stdout") {
        return Ok(Plan::Stdout);
    }
    if kind.streams() && path == Path::new("/dev/stderr") {
        return Ok(Plan::Stderr);
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Plan::Replace),
        Err(err) => {
            return Err(WriteError::Io {
                path: path.to_path_buf(),
                kind,
                err,
            })
        }
    };
    let t = meta.file_type();
    if t.is_symlink() {
        // A link to a stream (`/dev/fd/3`) can take a report; never a link to a file.
        let target = std::fs::metadata(path).map(|m| m.file_type());
        if kind.streams() && target.is_ok_and(is_stream) {
            return Ok(Plan::Through);
        }
        return Err(WriteError::Symlink {
            path: path.to_path_buf(),
            to: std::fs::read_link(path).unwrap_or_default(),
            kind,
        });
    }
    if !t.is_file() {
        if kind.streams() && is_stream(t) {
            return Ok(Plan::Through);
        }
        return Err(WriteError::NotRegular {
            path: path.to_path_buf(),
            what: describe(t),
            kind,
        });
    }
    if !force {
        return Err(WriteError::Exists {
            path: path.to_path_buf(),
        });
    }
    Ok(Plan::Replace)
}

/// Writes `bytes` to `path` as `kind`. Without `force` an existing file is never replaced
/// (the final step fails if the name is taken, even if another process just took it).
pub fn write(path: &Path, bytes: &[u8], kind: Kind, force: bool) -> Result<(), WriteError> {
    let io_err = |err| WriteError::Io {
        path: path.to_path_buf(),
        kind,
        err,
    };
    match plan(path, kind, force)? {
        Plan::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(io_err)
        }
        Plan::Stderr => std::io::stderr().lock().write_all(bytes).map_err(io_err),
        Plan::Through => write_through(path, bytes).map_err(io_err),
        Plan::Replace => replace(path, bytes, force).map_err(|e| {
            if !force && e.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                io_err(e)
            }
        }),
    }
}

/// Writes into an existing FIFO or device as it is (never creates or truncates a file).
fn write_through(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// The temporary file, flushed to disk, renamed over `path` (or linked to it without `force`).
fn replace(path: &Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The file gets the permissions a plain create would give (0666 less the umask), not
    // tempfile's 0600: a model or report is meant to be read by others as before.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.chars().take(64).collect::<String>()))
        .suffix(".tmp")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // On failure the temporary file is removed when the error drops it.
    if force {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_regular_file_only_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.json");
        write(&p, b"one", Kind::Model, false).unwrap();
        assert!(matches!(
            write(&p, b"two", Kind::Model, false),
            Err(WriteError::Exists { .. })
        ));
        write(&p, b"two", Kind::Model, true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // Nothing but the file is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_directory_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        for kind in [Kind::Model, Kind::Report] {
            let e = write(dir.path(), b"x", kind, true).unwrap_err();
            assert!(e.to_string().contains("is a directory"), "{e}");
        }
    }

    #[test]
    fn a_symlink_to_a_file_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep").unwrap();
        let link = dir.path().join("m.json");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        for kind in [Kind::Model, Kind::Report] {
            let e = write(&link, b"x", kind, true).unwrap_err();
            assert!(e.to_string().contains("symbolic link"), "{e}");
        }
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[test]
    fn dev_null_takes_a_report_but_not_a_model() {
        let null = Path::new("/dev/null");
        write(null, b"report", Kind::Report, true).unwrap();
        let e = write(null, b"model", Kind::Model, true).unwrap_err();
        assert!(e.to_string().contains("character device"), "{e}");
        assert!(std::fs::metadata(null)
            .unwrap()
            .file_type()
            .is_char_device());
    }
}
