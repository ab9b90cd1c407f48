//! `stance label`: active learning in the terminal. Quotes are extracted from articles (or
//! read from a CSV pool), ranked by how much a label would teach the model (see
//! [`crate::active`]) and shown one at a time; each answer is appended to --out at once.
//! Every N answers a background thread retrains on --out (plus the shipped corpus if asked)
//! and re-ranks what is left; the screen never waits for it.

use super::articles;
use super::inputs::ArticleInput;
use super::options::{LoadedModel, ModelSource};
use crate::active::{self, DEFAULT_SIMILARITY};
use crate::article::Limits;
use crate::corpus::LabelSet;
use crate::model::{Classifier, ModelSettings};
use crate::pipeline::analyse;
use crate::training_rows::{self, RowAppender, TrainingRow};
use anyhow::{Context, Result};
use clap::Args;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, queue, terminal};
use std::collections::{HashSet, VecDeque};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct LabelArgs {
    /// Articles to label: .txt or .html files, or directories (read recursively).
    #[arg(value_name = "ARTICLE", required_unless_present = "pool_csv")]
    pub articles: Vec<PathBuf>,
    /// Label the rows of a CSV instead of article quotes (column --text-col); each row is
    /// known by the file and its line.
    #[arg(long, value_name = "FILE", conflicts_with = "articles")]
    pub pool_csv: Option<PathBuf>,
    /// Column of --pool-csv holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,
    /// The labels CSV: answers are appended (text,label,article,start,end,speaker,
    /// speaker_party,target_party,context), and quotes already in it are not shown again.
    /// `stance train --data` reads it as it is.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub model: ModelSource,
    /// Parties file (TOML) adding or overriding parties, aliases and people.
    #[arg(long, value_name = "FILE")]
    pub parties: Option<PathBuf>,
    /// Corrections (article,start,field,value) applied to the quotes before they are shown.
    #[arg(long, value_name = "FILE")]
    pub corrections: Option<PathBuf>,
    /// Write the N most informative quotes, unlabelled, to --out (a new file) for labelling in
    /// a spreadsheet, instead of asking in the terminal.
    #[arg(long, value_name = "N")]
    pub export: Option<usize>,
    /// With --export: overwrite --out if it exists.
    #[arg(long, requires = "export")]
    pub force: bool,
    /// Retrain and re-rank in the background after every N answers.
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub retrain_every: u64,
    /// Retrain on --out plus the shipped corpus (data/train.csv), not --out alone.
    #[arg(long)]
    pub with_default_corpus: bool,
    /// Cosine (TF-IDF) above which a quote counts as a near-duplicate of one ranked before it
    /// and is left out of the ranking.
    #[arg(long, default_value_t = DEFAULT_SIMILARITY, value_name = "X")]
    pub max_similarity: f64,
    /// Append each key press's time to redraw (microseconds, and 1 while retraining) to FILE.
    #[arg(long, value_name = "FILE", hide = true)]
    pub latency_log: Option<PathBuf>,
}

/// At most this many quotes are ranked at once (diversity is quadratic in it); more are
/// ranked when these run out.
const RANKED: usize = 1000;

pub fn run(args: LabelArgs) -> Result<()> {
    let LoadedModel {
        classifier, origin, ..
    } = args.model.load()?;
    // --export writes --out anew; otherwise it holds the answers so far.
    let answered = if args.export.is_some() {
        Vec::new()
    } else {
        training_rows::read(&args.out).map_err(anyhow::Error::msg)?
    };
    let done_keys = training_rows::keys(&answered);
    let mut candidates = match &args.pool_csv {
        Some(path) => pool_rows(path, &args.text_col)?,
        None => article_rows(&args, &classifier)?,
    };
    candidates.retain(|r| !done_keys.contains(&(r.article.clone(), r.start)));
    let texts: Arc<Vec<String>> = Arc::new(candidates.iter().map(|r| r.text.clone()).collect());
    if let Some(n) = args.export {
        if args.out.exists() && !args.force {
            anyhow::bail!(
                "{}: already exists; --export writes a new file: pass --force to overwrite it, or choose another --out",
                args.out.display()
            );
        }
        let ranked = active::rank(&classifier, &texts, n, args.max_similarity);
        let rows: Vec<TrainingRow> = ranked.iter().map(|r| candidates[r.index].clone()).collect();
        training_rows::write_all(&args.out, &rows)
            .with_context(|| format!("{}: cannot write", args.out.display()))?;
        eprintln!(
            "wrote the {} most informative of {} quotes, unlabelled, to {}",
            rows.len(),
            candidates.len(),
            args.out.display()
        );
        return Ok(());
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "stance label asks in the terminal, and this is not one; run it in a terminal, or write the quotes to label in a spreadsheet with --export N"
        );
    }
    if candidates.is_empty() {
        eprintln!(
            "nothing to label: every quote is already in {} ({} rows)",
            args.out.display(),
            answered.len()
        );
        return Ok(());
    }
    let ranked = active::rank(&classifier, &texts, RANKED, args.max_similarity);
    let session = Session {
        labels: classifier.labels().to_vec(),
        model: Arc::new(classifier),
        origin,
        queue: ranked.iter().map(|r| r.index).collect(),
        candidates,
        texts,
        done: HashSet::new(),
        history: Vec::new(),
        current: None,
        appender: RowAppender::open(&args.out)
            .with_context(|| format!("{}: cannot open for appending", args.out.display()))?,
        in_file: answered.len(),
        answered_now: 0,
        since_retrain: 0,
        retraining: None,
        status: String::new(),
        help: false,
        latency: Vec::new(),
    };
    let latency_log = args.latency_log.clone();
    let result = {
        let _terminal = RawTerminal::enter()?;
        session.run(&args)
    };
    let (summary, latency) = result?;
    if let Some(path) = latency_log {
        let text: String = latency
            .iter()
            .map(|(us, busy)| format!("{us},{}\n", u8::from(*busy)))
            .collect();
        std::fs::write(&path, text).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    println!("{summary}");
    Ok(())
}

/// Every quote of the articles, found by the library pipeline with the corrections applied,
/// as unlabelled rows.
fn article_rows(args: &LabelArgs, classifier: &Classifier) -> Result<Vec<TrainingRow>> {
    let limits = Limits::default();
    let setup = articles::ArticleSetup::read(
        args.parties.as_deref(),
        args.corrections.as_deref(),
        classifier.labels(),
        limits.max_text_bytes,
    )?;
    let settings = setup.settings(classifier);
    let mut rows = Vec::new();
    for input in articles::walk(&args.articles) {
        let input: ArticleInput = input.map_err(anyhow::Error::msg)?;
        let article = input
            .read_article(limits.max_text_bytes)
            .with_context(|| format!("{}: cannot read", input.name()))?;
        let report = analyse(article, &settings);
        articles::warn(&report);
        rows.extend(
            report
                .extraction
                .quotes
                .iter()
                .map(|q| TrainingRow::of_quote(&report.article, &report.text, q, "")),
        );
    }
    if let Some(c) = settings.corrections() {
        for warning in c.unused() {
            eprintln!("warning: {warning}");
        }
    }
    Ok(rows)
}

/// Every row of a CSV pool, known by the file name and its line (as `start` and `end`).
fn pool_rows(path: &Path, text_col: &str) -> Result<Vec<TrainingRow>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("{}: cannot read; check the path", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&bytes[..]);
    let headers = reader
        .byte_headers()
        .with_context(|| format!("{}:1: cannot read the header row", path.display()))?
        .clone();
    let col = crate::corpus::column_index(path, &headers, text_col, "--text-col")?;
    let name = path.display().to_string();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            anyhow::anyhow!("{name}:{line}: malformed CSV ({e}); check the quoting of this row")
        })?;
        let line = record.position().map_or(0, |p| p.line()) as usize;
        let text = record.get(col).unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        rows.push(TrainingRow {
            text: text.to_string(),
            label: String::new(),
            article: name.clone(),
            start: line,
            end: line,
            speaker: String::new(),
            speaker_party: String::new(),
            target_party: String::new(),
            context: String::new(),
        });
    }
    Ok(rows)
}

/// Raw mode on the alternate screen, left on every exit path: drop, error and panic.
struct RawTerminal;

impl RawTerminal {
    fn enter() -> Result<Self> {
        terminal::enable_raw_mode().context("cannot put the terminal in raw mode")?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        execute!(
            std::io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide
        )?;
        Ok(Self)
    }
}

fn restore() {
    let _ = execute!(
        std::io::stdout(),
        cursor::Show,
        terminal::LeaveAlternateScreen
    );
    let _ = terminal::disable_raw_mode();
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        restore();
    }
}

/// A retrained model and the new ranking of the quotes not yet answered.
type Retrained = Result<(Arc<Classifier>, Vec<usize>, usize), String>;

struct Session {
    labels: Vec<String>,
    model: Arc<Classifier>,
    origin: String,
    /// Candidate indices, most informative first.
    queue: VecDeque<usize>,
    candidates: Vec<TrainingRow>,
    texts: Arc<Vec<String>>,
    /// Answered or skipped in this session.
    done: HashSet<usize>,
    /// Answers and skips, last last: (candidate, file length before its row; None = skip).
    history: Vec<(usize, Option<u64>)>,
    current: Option<usize>,
    appender: RowAppender,
    /// Rows in --out when the session started.
    in_file: usize,
    answered_now: usize,
    since_retrain: u64,
    retraining: Option<mpsc::Receiver<Retrained>>,
    status: String,
    help: bool,
    latency: Vec<(u128, bool)>,
}

enum Step {
    Continue,
    Quit,
}

impl Session {
    fn run(mut self, args: &LabelArgs) -> Result<(String, Vec<(u128, bool)>)> {
        self.advance();
        self.draw()?;
        loop {
            self.poll_retraining();
            if !event::poll(Duration::from_millis(50))? {
                continue;
            }
            let Event::Key(key) = event::read()? else {
                self.draw()?;
                continue;
            };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            let pressed = Instant::now();
            match self.key(key, args)? {
                Step::Quit => break,
                Step::Continue => {}
            }
            self.draw()?;
            self.latency
                .push((pressed.elapsed().as_micros(), self.retraining.is_some()));
        }
        let summary = format!(
            "{} answer(s) saved to {} ({} rows in all)",
            self.answered_now,
            args.out.display(),
            self.in_file + self.answered_now
        );
        Ok((summary, self.latency))
    }

    fn key(&mut self, key: KeyEvent, args: &LabelArgs) -> Result<Step> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Ok(Step::Quit);
        }
        let KeyCode::Char(c) = key.code else {
            return Ok(Step::Continue);
        };
        self.help = false;
        match c {
            'q' => return Ok(Step::Quit),
            '?' => self.help = true,
            's' => {
                if let Some(i) = self.current.take() {
                    self.done.insert(i);
                    self.history.push((i, None));
                    self.status = "skipped".into();
                    self.advance();
                }
            }
            'u' => self.undo()?,
            d if d.is_ascii_digit() => {
                let n = d as usize - '0' as usize;
                if n >= 1 && n <= self.labels.len() {
                    self.answer(n - 1, args)?;
                }
            }
            _ => {}
        }
        Ok(Step::Continue)
    }

    fn answer(&mut self, label: usize, args: &LabelArgs) -> Result<()> {
        let Some(i) = self.current.take() else {
            return Ok(());
        };
        let row = TrainingRow {
            label: self.labels[label].clone(),
            ..self.candidates[i].clone()
        };
        let before = self
            .appender
            .append(&row)
            .with_context(|| format!("{}: cannot append the answer", args.out.display()))?;
        self.done.insert(i);
        self.history.push((i, Some(before)));
        self.answered_now += 1;
        self.since_retrain += 1;
        self.status = format!("saved: {}", self.labels[label]);
        if self.since_retrain >= args.retrain_every && self.retraining.is_none() {
            self.start_retraining(args);
        }
        self.advance();
        Ok(())
    }

    fn undo(&mut self) -> Result<()> {
        let Some((i, written)) = self.history.pop() else {
            self.status = "nothing to undo".into();
            return Ok(());
        };
        if let Some(len) = written {
            self.appender.truncate(len)?;
            self.answered_now -= 1;
            self.since_retrain = self.since_retrain.saturating_sub(1);
            self.status = "undone: the last answer was removed".into();
        } else {
            self.status = "undone: the last skip".into();
        }
        self.done.remove(&i);
        if let Some(cur) = self.current.take() {
            self.queue.push_front(cur);
        }
        self.current = Some(i);
        Ok(())
    }

    /// Shows the next quote of the queue not yet answered.
    fn advance(&mut self) {
        while let Some(i) = self.queue.pop_front() {
            if !self.done.contains(&i) {
                self.current = Some(i);
                return;
            }
        }
        self.current = None;
        let left = self.candidates.len() - self.done.len();
        if left > 0 && self.retraining.is_none() {
            self.status = "ranking the rest…".into();
            self.rerank_with_current_model();
        }
    }

    /// Retrains on --out (and the shipped corpus) in a thread, then ranks what is left.
    fn start_retraining(&mut self, args: &LabelArgs) {
        self.since_retrain = 0;
        let out = args.out.clone();
        let with_default = args.with_default_corpus;
        let settings: ModelSettings = self.model.settings();
        let labels = LabelSet::from_vec(self.labels.clone());
        let pending = self.pending();
        let texts = Arc::clone(&self.texts);
        let similarity = args.max_similarity;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let result = retrain(&out, with_default, &settings, &labels).map(|(model, rows)| {
                let ranked = rank_pending(&model, &texts, &pending, similarity);
                (model, ranked, rows)
            });
            let _ = tx.send(result);
        });
        self.retraining = Some(rx);
        self.status = format!("{} · retraining in the background…", self.status);
    }

    fn rerank_with_current_model(&mut self) {
        let model = Arc::clone(&self.model);
        let pending = self.pending();
        let texts = Arc::clone(&self.texts);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let ranked = rank_pending(&model, &texts, &pending, 2.0);
            let _ = tx.send(Ok((model, ranked, 0)));
        });
        self.retraining = Some(rx);
    }

    fn pending(&self) -> Vec<usize> {
        (0..self.candidates.len())
            .filter(|i| !self.done.contains(i) && Some(*i) != self.current)
            .collect()
    }

    fn poll_retraining(&mut self) {
        let Some(rx) = &self.retraining else { return };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => Err("the retraining thread stopped".into()),
        };
        self.retraining = None;
        match result {
            Ok((model, ranked, rows)) => {
                self.model = model;
                self.queue = ranked.into_iter().collect();
                if rows > 0 {
                    self.origin = format!("retrained on {rows} rows");
                    self.status = format!("retrained on {rows} rows and re-ranked");
                }
                if self.current.is_none() {
                    self.advance();
                }
            }
            Err(e) => self.status = format!("retraining failed: {e}"),
        }
        let _ = self.draw();
    }

    fn draw(&self) -> Result<()> {
        let (width, _) = terminal::size().unwrap_or((80, 24));
        let width = usize::from(width.max(40)) - 2;
        let mut lines: Vec<String> = Vec::new();
        let left = self.candidates.len() - self.done.len();
        lines.push(format!(
            "stance label · {} answered now · {} in the file · {} left · model: {}{}",
            self.answered_now,
            self.in_file + self.answered_now,
            left,
            self.origin,
            if self.retraining.is_some() {
                " (retraining…)"
            } else {
                ""
            }
        ));
        lines.push(String::new());
        match self.current {
            None => lines.push("Nothing left to label. Press q to quit, u to undo.".into()),
            Some(i) => {
                let r = &self.candidates[i];
                let or_unknown = |s: &str| {
                    if s.is_empty() {
                        "?".to_string()
                    } else {
                        s.to_string()
                    }
                };
                if r.context.is_empty() {
                    lines.push(format!("{}  line {}", r.article, r.start));
                } else {
                    lines.push(format!("{}  bytes {}–{}", r.article, r.start, r.end));
                    lines.push(format!(
                        "speaker: {}   party: {}   target: {}",
                        or_unknown(&r.speaker),
                        or_unknown(&r.speaker_party),
                        or_unknown(&r.target_party)
                    ));
                }
                lines.push(String::new());
                lines.extend(wrap(&format!("“{}”", r.text), width, "    "));
                if !r.context.is_empty() && r.context != r.text {
                    lines.push(String::new());
                    lines.extend(wrap(&format!("context: {}", r.context), width, "  "));
                }
                lines.push(String::new());
                let p = self
                    .model
                    .predict_text(&r.text, &mut crate::features::TransformScratch::default())
                    .1;
                let shown: Vec<String> = self
                    .labels
                    .iter()
                    .zip(&p.probabilities)
                    .map(|(l, p)| format!("{l} {p:.2}"))
                    .collect();
                lines.push(format!("model says: {}", shown.join(" · ")));
            }
        }
        lines.push(String::new());
        let keys: Vec<String> = self
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("[{}] {l}", i + 1))
            .collect();
        lines.push(format!(
            "{}   [s] skip  [u] undo  [q] quit  [?] help",
            keys.join("  ")
        ));
        if self.help {
            lines.push(String::new());
            for help in [
                "1–9   the label of that number, saved to the file at once",
                "s     skip: nothing saved; shown again next time",
                "u     undo the last answer (removed from the file) or skip",
                "q     quit (also Ctrl-C): answers are already saved; run again to resume",
            ] {
                lines.push(help.into());
            }
        }
        if !self.status.is_empty() {
            lines.push(String::new());
            lines.push(self.status.clone());
        }
        let mut out = std::io::stdout().lock();
        queue!(
            out,
            terminal::Clear(terminal::ClearType::All),
            cursor::MoveTo(0, 0)
        )?;
        for line in lines {
            let line: String = line.chars().filter(|c| !c.is_control()).collect();
            write!(out, "{line}\r\n")?;
        }
        out.flush()?;
        Ok(())
    }
}

/// Splits `text` into lines of at most `width` characters at spaces, each after `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let room = width.saturating_sub(indent.len()).max(20);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            lines.push(format!("{indent}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(format!("{indent}{line}"));
    }
    lines
}

/// Trains a model with `settings` on the labels file (and the shipped corpus).
fn retrain(
    out: &Path,
    with_default: bool,
    settings: &ModelSettings,
    labels: &LabelSet,
) -> Result<(Arc<Classifier>, usize), String> {
    // Exported rows carry the writer's sentence in `context`, as the shipped corpus does.
    let options = crate::corpus::CsvOptions {
        labels: labels.clone(),
        skip_invalid: true,
        context_col: settings
            .analyzer
            .context_words
            .map(|_| crate::dataset::SHIPPED_CONTEXT_COL.to_string()),
        context_optional: true,
        ..Default::default()
    };
    let dataset =
        crate::dataset::read(&[out], &options, with_default).map_err(|e| e.to_string())?;
    dataset
        .corpus
        .check_every_label_present(labels)
        .map_err(|e| {
            format!("{e}; pass --with-default-corpus to retrain on the shipped corpus too")
        })?;
    let rows = dataset.corpus.examples.len();
    let model = Classifier::fit_corpus(
        &dataset.corpus,
        labels,
        &dataset.display_path(),
        ("text", "label"),
        settings,
    )
    .map_err(|e| e.to_string())?;
    Ok((Arc::new(model), rows))
}

/// `pending` (candidate indices) ranked under `model`, most informative first.
fn rank_pending(
    model: &Classifier,
    texts: &[String],
    pending: &[usize],
    similarity: f64,
) -> Vec<usize> {
    let subset: Vec<&str> = pending.iter().map(|&i| texts[i].as_str()).collect();
    active::rank(model, &subset, RANKED, similarity)
        .into_iter()
        .map(|r| pending[r.index])
        .collect()
}
