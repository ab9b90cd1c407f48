//! Bounded reads of every input file: a whole file is read only up to a cap, and a CSV stream
//! only a bounded row at a time, so `/dev/zero` or one 800 MB field cannot take the memory.
//!
//! Each cap names the setting that raises it (an environment variable: the caps are far above
//! any file `stance` writes, so raising one is rare).

use std::cell::Cell;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

/// The most bytes read from one kind of file.
#[derive(Debug, Clone, Copy)]
pub struct Cap {
    /// What is read, for the message ("a model file").
    pub what: &'static str,
    /// The environment variable that raises the cap.
    pub env: &'static str,
    pub default: u64,
}

pub const MODEL: Cap = Cap::new("a model file", "STANCE_MAX_MODEL_BYTES", 256 << 20);
pub const DATA: Cap = Cap::new("a CSV data file", "STANCE_MAX_DATA_BYTES", 1 << 30);
pub const REPORT: Cap = Cap::new("a report", "STANCE_MAX_REPORT_BYTES", 1 << 30);
pub const CONFIG: Cap = Cap::new("a settings file", "STANCE_MAX_CONFIG_BYTES", 1 << 20);
pub const PARTIES: Cap = Cap::new("a parties file", "STANCE_MAX_PARTIES_BYTES", 64 << 20);
pub const METADATA: Cap = Cap::new(
    "a registry metadata file",
    "STANCE_MAX_METADATA_BYTES",
    64 << 20,
);

impl Cap {
    const fn new(what: &'static str, env: &'static str, default: u64) -> Self {
        Self { what, env, default }
    }

    /// The cap in force: the environment variable if it holds a number, else the default.
    pub fn bytes(&self) -> u64 {
        std::env::var(self.env)
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(self.default)
    }

    /// The error for a file over the cap (kind `InvalidData`, so callers keep their wording).
    pub fn exceeded(&self, cap: u64) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "larger than {cap} bytes, the most stance reads from {}; if the file is right, raise the cap with {}=BYTES",
                self.what, self.env
            ),
        )
    }
}

/// Reads the whole file at `path` (a regular file, FIFO or device), failing past the cap
/// without reading further.
pub fn read(path: &Path, cap: Cap) -> std::io::Result<Vec<u8>> {
    let limit = cap.bytes();
    let f = std::fs::File::open(path)?;
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    if len > limit {
        return Err(cap.exceeded(limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    f.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(cap.exceeded(limit));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text.
pub fn read_to_string(path: &Path, cap: Cap) -> std::io::Result<String> {
    String::from_utf8(read(path, cap)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))
}

/// How far past the end of the last row a CSV reader may read: its own buffer reads ahead.
const READ_AHEAD: u64 = 1 << 16;

/// A reader that fails once a row runs `cap` bytes past the end of the row before it: the
/// caller moves the mark after each row ([`RowMark::row_ended_at`]).
pub struct RowCapped<R> {
    inner: R,
    read: u64,
    limit: Rc<Cell<u64>>,
}

/// Moves a [`RowCapped`] reader's mark.
pub struct RowMark {
    limit: Rc<Cell<u64>>,
    cap: u64,
}

/// The error a [`RowCapped`] reader gives past its mark; [`is_row_too_long`] recognises it.
#[derive(Debug)]
struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("row too long")
    }
}

impl std::error::Error for RowTooLong {}

/// True when `e` is the error of a [`RowCapped`] reader.
pub fn is_row_too_long(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<RowTooLong>())
}

impl<R: Read> RowCapped<R> {
    pub fn new(inner: R, cap: u64) -> (Self, RowMark) {
        let limit = Rc::new(Cell::new(cap.saturating_add(READ_AHEAD)));
        let mark = RowMark {
            limit: limit.clone(),
            cap,
        };
        (
            Self {
                inner,
                read: 0,
                limit,
            },
            mark,
        )
    }
}

impl RowMark {
    /// The row read ends at byte `end`: the next may run `cap` bytes past it.
    pub fn row_ended_at(&self, end: u64) {
        self.limit
            .set(end.saturating_add(self.cap).saturating_add(READ_AHEAD));
    }
}

impl<R: Read> Read for RowCapped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let room = self.limit.get().saturating_sub(self.read);
        if room == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                RowTooLong,
            ));
        }
        let take = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..take])?;
        self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_cap_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, vec![b'x'; 100]).unwrap();
        let small = Cap {
            what: "a test file",
            env: "STANCE_TEST_CAP_UNSET",
            default: 99,
        };
        let e = read(&p, small).unwrap_err();
        assert!(e.to_string().contains("larger than 99 bytes"), "{e}");
        assert_eq!(
            read(
                &p,
                Cap {
                    default: 100,
                    ..small
                }
            )
            .unwrap()
            .len(),
            100
        );
        // A stream without end stops at the cap too.
        let e = read(Path::new("/dev/zero"), small).unwrap_err();
        assert!(e.to_string().contains("STANCE_TEST_CAP_UNSET"), "{e}");
    }

    #[test]
    fn a_row_past_the_cap_fails_the_read() {
        let (mut r, mark) = RowCapped::new(std::io::repeat(b'x'), 10);
        let mut buf = vec![0; 1 << 20];
        let mut total = 0;
        let e = loop {
            match r.read(&mut buf) {
                Ok(n) => total += n,
                Err(e) => break e,
            }
        };
        assert!(is_row_too_long(&e));
        assert_eq!(total as u64, 10 + READ_AHEAD);
        mark.row_ended_at(total as u64);
        assert!(r.read(&mut buf).is_ok());
    }
}
