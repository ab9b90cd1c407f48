//! Article inputs: files, directories (recursive, sorted, symlink loops skipped), stdin, and
//! JSON lines (one article per line, for pipelines); and reading lines with a length cap.

use crate::pipeline::Article;
use std::collections::HashSet;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// One article to read.
#[derive(Debug, Clone, PartialEq)]
pub enum ArticleInput {
    Stdin,
    File(PathBuf),
    /// A named path that is not a regular file (a FIFO, `/dev/stdin`, `<(…)`): read as a
    /// stream up to `--max-bytes`.
    Stream(PathBuf),
    /// An article given inline (a line of `--jsonl` input).
    Inline {
        name: String,
        text: String,
    },
}

impl ArticleInput {
    /// The name used in output records and messages.
    pub fn name(&self) -> String {
        match self {
            ArticleInput::Stdin => "-".into(),
            ArticleInput::File(p) | ArticleInput::Stream(p) => p.display().to_string(),
            ArticleInput::Inline { name, .. } => name.clone(),
        }
    }

    fn is_html(&self, bytes: &[u8]) -> bool {
        match self {
            ArticleInput::File(p) => matches!(
                p.extension()
                    .and_then(|e| e.to_str())
                    .map(|e| e.to_ascii_lowercase())
                    .as_deref(),
                Some("html" | "htm")
            ),
            // Standard input, streams and inline text have no file name: sniff the start.
            ArticleInput::Stdin | ArticleInput::Stream(_) | ArticleInput::Inline { .. } => {
                let head =
                    String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
                let head = head.trim_start();
                head.starts_with("<!doctype html") || head.starts_with("<html")
            }
        }
    }

    /// Reads at most `max_bytes` as an article for the pipeline, named as output shows it.
    pub fn read_article(&self, max_bytes: usize) -> std::io::Result<Article> {
        let raw = self.read_raw(max_bytes)?;
        Ok(raw.into_article(self.name()))
    }

    /// Reads at most `max_bytes` (+1 to notice the excess), as they are.
    pub fn read_raw(&self, max_bytes: usize) -> std::io::Result<RawArticle> {
        let mut bytes = Vec::new();
        // Saturating: `--max-bytes 18446744073709551615` means "no limit", not a limit of 0.
        let limit = (max_bytes as u64).saturating_add(1);
        match self {
            ArticleInput::Stdin => std::io::stdin()
                .lock()
                .take(limit)
                .read_to_end(&mut bytes)?,
            ArticleInput::Stream(p) => std::fs::File::open(p)?
                .take(limit)
                .read_to_end(&mut bytes)?,
            ArticleInput::File(p) => {
                let file = std::fs::File::open(p)?;
                // Room for the whole file (and the byte that says it is too long) up front, so
                // it is read with one call instead of a growing series of them.
                let size = file.metadata().map_or(0, |m| m.len());
                bytes.reserve(size.saturating_add(1).min(limit).try_into().unwrap_or(0));
                file.take(limit).read_to_end(&mut bytes)?
            }
            ArticleInput::Inline { text, .. } => {
                let keep = text.len().min(max_bytes.saturating_add(1));
                bytes.extend_from_slice(&text.as_bytes()[..keep]);
                bytes.len()
            }
        };
        let cut = bytes.len() > max_bytes;
        bytes.truncate(max_bytes);
        if cut {
            // The cut may fall inside a character: drop its start rather than report it invalid.
            if let Err(e) = std::str::from_utf8(&bytes) {
                if e.error_len().is_none() {
                    bytes.truncate(e.valid_up_to());
                }
            }
        }
        let html = self.is_html(&bytes);
        Ok(RawArticle { bytes, cut, html })
    }
}

/// An article's bytes as read, before decoding: an HTML page still has its markup (and the
/// publication date it may declare there).
pub struct RawArticle {
    pub bytes: Vec<u8>,
    /// Only the start was read.
    pub cut: bool,
    /// Read as HTML (by the file's ending, or the start of an unnamed input).
    pub html: bool,
}

impl RawArticle {
    /// Decodes the bytes as the article named `name`.
    pub fn into_article(self, name: String) -> Article {
        Article::from_bytes(name, self.bytes, self.html, self.cut)
    }
}

/// File endings read when walking a directory (named files are read whatever their ending).
const ARTICLE_EXTENSIONS: [&str; 4] = ["txt", "html", "htm", "text"];

/// Walks `paths` lazily, in order: named files as given, directories depth-first with entries
/// sorted by name (`walkdir`, following links). A directory reached twice (a symlink loop, or
/// a second link to a directory already read) is skipped with a warning.
pub struct ArticleWalker {
    /// The named paths not yet reached, reversed so pop() yields them in the order given.
    pending: Vec<PathBuf>,
    /// The walk of the named directory being read.
    walk: Option<walkdir::IntoIter>,
    /// The directory the walk yielded last: a read error for its path that follows is from
    /// reading it (walkdir reads a directory before it yields it).
    last_dir: Option<PathBuf>,
    /// Every directory read so far, canonical.
    visited: HashSet<PathBuf>,
}

impl ArticleWalker {
    pub fn new(paths: &[PathBuf]) -> Self {
        Self {
            pending: paths.iter().rev().cloned().collect(),
            walk: None,
            last_dir: None,
            visited: HashSet::new(),
        }
    }

    /// A named path: stdin, a file, a stream, or a directory whose walk starts here.
    fn named(&mut self, path: PathBuf) -> Option<Result<ArticleInput, String>> {
        if path.as_os_str() == "-" {
            return Some(Ok(ArticleInput::Stdin));
        }
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                return Some(Err(format!(
                    "{}: cannot read: {e}; check the path",
                    path.display()
                )))
            }
        };
        if meta.is_dir() {
            let walk = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name();
            self.walk = Some(walk.into_iter());
            return None;
        }
        // Not a regular file: the user means it (`<(cat a.txt)`, /dev/stdin), so it is read
        // as a stream.
        Some(Ok(if meta.is_file() {
            ArticleInput::File(path)
        } else {
            ArticleInput::Stream(path)
        }))
    }

    /// An entry of a walk: an article, or nothing (with a warning when it is left out for a
    /// reason the user should know).
    fn entry(&mut self, entry: walkdir::DirEntry) -> Option<Result<ArticleInput, String>> {
        let kind = entry.file_type();
        if kind.is_dir() {
            let entry_depth = entry.depth();
            let dir = entry.into_path();
            let canonical = match dir.canonicalize() {
                Ok(c) => c,
                Err(e) => return self.unreadable_dir(&dir, &e.to_string(), entry_depth),
            };
            if self.visited.insert(canonical) {
                self.last_dir = Some(dir);
            } else {
                crate::warn_clean!(
                    "warning: {}: directory already visited (symlink loop?); skipped",
                    dir.display()
                );
                self.skip_dir();
            }
            return None;
        }
        if kind.is_file() {
            let wanted = entry
                .path()
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
            return wanted.then(|| Ok(ArticleInput::File(entry.into_path())));
        }
        crate::warn_clean!(
            "warning: {}: not a regular file ({}); skipped",
            crate::term::path(entry.path()),
            crate::outfile::describe(kind)
        );
        None
    }

    /// A walk error: a symlink loop, a link that leads nowhere, or a directory that cannot be
    /// read.
    fn error(&mut self, e: &walkdir::Error) -> Option<Result<ArticleInput, String>> {
        let path = e.path().unwrap_or(Path::new(""));
        if e.loop_ancestor().is_some() {
            crate::warn_clean!(
                "warning: {}: directory already visited (symlink loop?); skipped",
                path.display()
            );
            return None;
        }
        let why = e
            .io_error()
            .map_or_else(|| e.to_string(), std::io::Error::to_string);
        if self.last_dir.as_deref() == Some(path) {
            return self.unreadable_dir(path, &why, e.depth());
        }
        crate::warn_clean!("warning: {}: skipped: {why}", path.display());
        None
    }

    /// A directory that cannot be read: an error if it is the one named (depth 0), else a
    /// warning.
    fn unreadable_dir(
        &mut self,
        dir: &Path,
        why: &str,
        depth: usize,
    ) -> Option<Result<ArticleInput, String>> {
        let msg = format!("{}: cannot read the directory: {why}", dir.display());
        if depth == 0 {
            self.walk = None;
            return Some(Err(msg));
        }
        crate::warn_clean!("warning: {msg}; skipped");
        self.skip_dir();
        None
    }

    /// Leaves out the rest of the directory just yielded.
    fn skip_dir(&mut self) {
        if let Some(walk) = self.walk.as_mut() {
            walk.skip_current_dir();
        }
    }
}

impl Iterator for ArticleWalker {
    type Item = Result<ArticleInput, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let found = match self.walk.as_mut().map(Iterator::next) {
                Some(Some(Ok(entry))) => self.entry(entry),
                Some(Some(Err(e))) => self.error(&e),
                Some(None) => {
                    self.walk = None;
                    None
                }
                None => {
                    let path = self.pending.pop()?;
                    self.named(path)
                }
            };
            if found.is_some() {
                return found;
            }
        }
    }
}

/// Reads one line (without its line break) into `buf`, keeping at most `cap` bytes and
/// skipping the rest of a longer line, so one huge line cannot take unbounded memory.
/// Returns None at the end of input, else whether the line was cut.
pub fn read_capped_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut cut = false;
    let mut any = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (line_part, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        let room = cap.saturating_sub(buf.len());
        buf.extend_from_slice(&line_part[..line_part.len().min(room)]);
        cut |= line_part.len() > room;
        let consumed = done.unwrap_or(chunk.len());
        input.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(cut))
}

/// One article per line of JSON: `{"article": "name", "text": "…"}` (`article` optional).
#[derive(serde::Deserialize)]
struct JsonArticle {
    article: Option<String>,
    text: String,
}

/// A file to read line by line, or standard input for `-`.
pub fn open_input(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    use anyhow::Context;
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let f = std::fs::File::open(path)
        .with_context(|| format!("{}: cannot open the file; check the path", path.display()))?;
    Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, f)))
}

/// The non-blank lines of a JSON-lines input, each at most `cap` bytes, with their 1-based
/// line numbers; the readers of `predict --jsonl` and `report --jsonl` parse them.
pub struct JsonLines {
    input: Box<dyn BufRead>,
    /// The input's name for messages (a path, or "standard input").
    origin: String,
    line: u64,
    buf: Vec<u8>,
    cap: usize,
}

impl JsonLines {
    pub fn new(input: Box<dyn BufRead>, origin: String, cap: usize) -> Self {
        Self {
            input,
            origin,
            line: 0,
            buf: Vec::new(),
            cap,
        }
    }

    /// The next non-blank line, `None` at the end, or an error naming the input and line
    /// (a read error, or a line over the cap).
    fn next_line(&mut self) -> Option<Result<JsonLine<'_>, String>> {
        loop {
            let cut = match read_capped_line(self.input.as_mut(), &mut self.buf, self.cap) {
                Ok(None) => return None,
                Ok(Some(cut)) => cut,
                Err(e) => return Some(Err(format!("{}: read error: {e}", self.origin))),
            };
            self.line += 1;
            if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            if cut {
                return Some(Err(format!(
                    "{}:{}: line longer than {} bytes; split the article or raise --max-bytes",
                    self.origin, self.line, self.cap
                )));
            }
            return Some(Ok(JsonLine {
                origin: &self.origin,
                number: self.line,
                bytes: &self.buf,
            }));
        }
    }

    /// The next non-blank line parsed as a `T`; an error names the input and line, and says
    /// what was `expected` of a line.
    pub fn next_json<T: serde::de::DeserializeOwned>(
        &mut self,
        expected: &str,
    ) -> Option<Result<JsonValue<'_, T>, String>> {
        Some(
            self.next_line()?
                .and_then(|l| match serde_json::from_slice(l.bytes) {
                    Ok(value) => Ok(JsonValue {
                        value,
                        origin: l.origin,
                        line: l.number,
                    }),
                    Err(e) => Err(format!(
                        "{}:{}: expected {expected} ({e})",
                        l.origin, l.number
                    )),
                }),
        )
    }
}

/// One line of a [`JsonLines`] input.
struct JsonLine<'a> {
    /// The input's name for messages.
    origin: &'a str,
    /// 1-based line number.
    number: u64,
    bytes: &'a [u8],
}

/// One line of a [`JsonLines`] input, parsed.
pub struct JsonValue<'a, T> {
    pub value: T,
    origin: &'a str,
    line: u64,
}

impl<T> JsonValue<'_, T> {
    /// Where it came from, `input:line`, for messages and as a default name (made only
    /// when needed: most lines name their article).
    pub fn place(&self) -> String {
        format!("{}:{}", self.origin, self.line)
    }
}

/// Articles from JSON lines, for pipelines such as Spark's `RDD.pipe`.
pub struct JsonlArticles(JsonLines);

impl JsonlArticles {
    pub fn new(input: Box<dyn BufRead>, origin: String, cap: usize) -> Self {
        Self(JsonLines::new(input, origin, cap))
    }
}

impl Iterator for JsonlArticles {
    type Item = Result<ArticleInput, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let line = self
            .0
            .next_json::<JsonArticle>("a JSON object with a \"text\" field")?;
        Some(line.map(|mut l| ArticleInput::Inline {
            name: l.value.article.take().unwrap_or_else(|| l.place()),
            text: l.value.text,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_recursive_and_skips_other_files_and_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/inner")).unwrap();
        std::fs::write(root.join("b/inner/z.txt"), "z").unwrap();
        std::fs::write(root.join("b/a.html"), "a").unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(root.join("notes.pdf"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("b/loop")).unwrap();
        let found: Vec<String> = ArticleWalker::new(&[root.to_path_buf()])
            .map(|r| r.unwrap().name().replace(&*root.to_string_lossy(), ""))
            .collect();
        assert_eq!(found, ["/a.txt", "/b/a.html", "/b/inner/z.txt"]);
    }

    /// A directory linked twice is read once, a dangling link and a FIFO are left out, and a
    /// directory named twice is read once.
    #[cfg(unix)]
    #[test]
    fn each_directory_is_read_once_and_odd_entries_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("shared/s.txt"), "s").unwrap();
        std::os::unix::fs::symlink(root.join("shared"), root.join("a-link")).unwrap();
        std::os::unix::fs::symlink(root.join("shared"), root.join("b-link")).unwrap();
        std::os::unix::fs::symlink(root.join("gone"), root.join("dangling.txt")).unwrap();
        let fifo_ok = std::process::Command::new("mkfifo")
            .arg(root.join("pipe.txt"))
            .status()
            .is_ok_and(|s| s.success());
        let walked: Vec<String> = ArticleWalker::new(&[root.to_path_buf(), root.to_path_buf()])
            .map(|r| r.unwrap().name().replace(&*root.to_string_lossy(), ""))
            .collect();
        // Sorted: a-link is reached first and read; b-link and shared lead to it again.
        assert_eq!(walked, ["/a-link/s.txt"]);
        if fifo_ok {
            let named: Vec<ArticleInput> = ArticleWalker::new(&[root.join("pipe.txt")])
                .map(Result::unwrap)
                .collect();
            assert_eq!(named, [ArticleInput::Stream(root.join("pipe.txt"))]);
        }
    }

    #[test]
    fn capped_lines_keep_the_head_and_skip_the_rest() {
        let data = b"short\r\nthis line is long\nlast";
        let mut input = std::io::BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(
            read_capped_line(&mut input, &mut buf, 8).unwrap(),
            Some(false)
        );
        assert_eq!(buf, b"short");
        assert_eq!(
            read_capped_line(&mut input, &mut buf, 8).unwrap(),
            Some(true)
        );
        assert_eq!(buf, b"this lin");
        assert_eq!(
            read_capped_line(&mut input, &mut buf, 8).unwrap(),
            Some(false)
        );
        assert_eq!(buf, b"last");
        assert_eq!(read_capped_line(&mut input, &mut buf, 8).unwrap(), None);
    }

    #[test]
    fn jsonl_articles_name_their_errors() {
        let data = "{\"article\": \"a\", \"text\": \"x\"}\n\n{\"text\": 3}\n{\"text\": \"y\"}\n";
        let items: Vec<_> =
            JsonlArticles::new(Box::new(data.as_bytes()), "in.jsonl".into(), 1000).collect();
        assert_eq!(items[0].as_ref().unwrap().name(), "a");
        assert!(items[1]
            .as_ref()
            .unwrap_err()
            .starts_with("in.jsonl:3: expected a JSON object"));
        assert_eq!(items[2].as_ref().unwrap().name(), "in.jsonl:4");
    }

    #[test]
    fn a_missing_named_path_is_an_error() {
        let mut w = ArticleWalker::new(&[PathBuf::from("/nonexistent/x.txt")]);
        assert!(w.next().unwrap().unwrap_err().contains("cannot read"));
        assert!(w.next().is_none());
    }
}
