//! Line numbers for CSV records as an editor shows them, whatever the line breaks.

/// A reader that remembers where its line breaks are (LF, CRLF or a lone CR), so a byte
/// offset reported by the csv reader becomes the line number an editor shows. csv's own line
/// numbers count LF only: one off after a CRLF header, meaningless with lone CRs. Breaks are
/// forgotten once counted, so memory stays bounded by what the csv reader buffers.
pub struct LineTrackingReader<R> {
    inner: R,
    breaks: std::rc::Rc<std::cell::RefCell<LineBreaks>>,
}

/// Looks up line numbers in what a [`LineTrackingReader`] has read.
pub struct LineLookup(std::rc::Rc<std::cell::RefCell<LineBreaks>>);

#[derive(Default)]
struct LineBreaks {
    /// (start, end) byte ranges of breaks not yet counted, in order.
    pending: std::collections::VecDeque<(u64, u64)>,
    /// Breaks already counted.
    counted: u64,
    /// Bytes read so far.
    offset: u64,
    /// Offset of a CR just read, whose LF (if any) may come in the next read.
    last_cr: Option<u64>,
}

impl<R: std::io::Read> LineTrackingReader<R> {
    pub fn new(inner: R) -> (Self, LineLookup) {
        let breaks = std::rc::Rc::new(std::cell::RefCell::new(LineBreaks::default()));
        let lookup = LineLookup(breaks.clone());
        (Self { inner, breaks }, lookup)
    }
}

impl<R: std::io::Read> std::io::Read for LineTrackingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut b = self.breaks.borrow_mut();
        for &byte in &buf[..n] {
            let at = b.offset;
            match byte {
                b'\n' if b.last_cr == Some(at.wrapping_sub(1)) => {
                    // The LF of a CRLF: the break recorded at the CR grows by one byte.
                    if let Some(last) = b.pending.back_mut().filter(|r| r.1 == at) {
                        last.1 = at + 1;
                    }
                }
                b'\n' => b.pending.push_back((at, at + 1)),
                b'\r' => {
                    b.pending.push_back((at, at + 1));
                    b.last_cr = Some(at);
                }
                _ => {}
            }
            b.offset += 1;
        }
        Ok(n)
    }
}

impl LineLookup {
    /// The 1-based line of a record that starts at byte `offset`. Offsets are asked for in
    /// increasing order. A record's offset may point at the break(s) before it; its text
    /// starts after them.
    pub fn line_at(&self, offset: u64) -> u64 {
        let mut b = self.0.borrow_mut();
        // Breaks before the offset, then the run of breaks at it (the offset may even point
        // at the LF of a CRLF).
        let mut reach = offset;
        while let Some(&(start, stop)) = b.pending.front() {
            if start < offset || start == reach {
                if stop > reach {
                    reach = stop;
                }
                b.pending.pop_front();
                b.counted += 1;
            } else {
                break;
            }
        }
        b.counted + 1
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    fn lines_of_records(bytes: &[u8]) -> Vec<u64> {
        let (reader, lookup) = LineTrackingReader::new(bytes);
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(std::io::BufReader::with_capacity(3, reader));
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while csv.read_byte_record(&mut record).unwrap() {
            lines.push(lookup.line_at(record.position().unwrap().byte()));
        }
        lines
    }

    #[test]
    fn lines_are_counted_for_lf_crlf_lone_cr_and_blank_lines() {
        assert_eq!(lines_of_records(b"text\na\nb\nc\n"), [2, 3, 4]);
        assert_eq!(lines_of_records(b"text\r\na\r\nb\r\nc\r\n"), [2, 3, 4]);
        assert_eq!(lines_of_records(b"text\ra\rb\rc\r"), [2, 3, 4]);
        assert_eq!(lines_of_records(b"text\r\na\r\n\r\n\r\nb\r\n"), [2, 5]);
        assert_eq!(lines_of_records(b"text\na\n\n\nb"), [2, 5]);
        // A quoted field spanning lines: the next record's line counts them.
        assert_eq!(lines_of_records(b"text\r\n\"a\r\nb\"\r\nc\r\n"), [2, 4]);
    }
}
