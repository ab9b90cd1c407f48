//! The model card of a registry version (`card.md`), in Markdown.

use crate::markup::markdown as md_escape;
use crate::registry::{ReportSummary, VersionMeta};
use std::fmt::Write as _;

/// The model card (Markdown) of a registry version: what it is, its training data, settings,
/// convergence and saved evaluations. The registry writes it with this function as its
/// [`crate::registry::CardRenderer`].
pub fn model_card(meta: &VersionMeta, reports: &[ReportSummary]) -> String {
    let p = &meta.provenance;
    let d = &p.data;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Model card: {} v{}\n",
        md_escape(&meta.name),
        meta.version
    );
    let _ = writeln!(
        s,
        "Multinomial logistic regression over TF-IDF features, labelling quotes {}.\n",
        meta.labels
            .iter()
            .map(|l| md_escape(l))
            .collect::<Vec<_>>()
            .join(" / ")
    );
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| Created | {} |", meta.created);
    let _ = writeln!(
        s,
        "| stance version | {} |",
        md_escape(&meta.stance_version)
    );
    let _ = writeln!(
        s,
        "| Model file | model.json (SHA-256 `{}`) |",
        meta.model_sha256
    );
    let _ = writeln!(
        s,
        "| Use it | `stance predict --model {}@v{}` |",
        meta.name, meta.version
    );
    let _ = writeln!(s, "\n## Training data\n");
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| File | {} |", md_escape(&d.path));
    let _ = writeln!(s, "| SHA-256 | `{}` |", md_escape(&d.sha256));
    let _ = writeln!(
        s,
        "| Rows | {}{} |",
        d.rows,
        if d.skipped_rows > 0 {
            format!(" ({} invalid rows skipped)", d.skipped_rows)
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        s,
        "| Columns | text `{}`, label `{}` |",
        md_escape(&d.text_col),
        md_escape(&d.label_col)
    );
    let _ = writeln!(s, "\n| Label | Rows | Share |\n|---|---:|---:|");
    for l in &meta.labels {
        let n = d.rows_per_label.get(l).copied().unwrap_or(0);
        let _ = writeln!(
            s,
            "| {} | {n} | {:.1}% |",
            md_escape(l),
            100.0 * n as f64 / d.rows.max(1) as f64
        );
    }
    let a = &meta.analyzer;
    let t = &meta.tfidf;
    let tp = &p.params;
    let _ = writeln!(s, "\n## Settings\n");
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(
        s,
        "| Word n-grams | {} |",
        if a.word_ngrams.1 == 0 {
            "off".to_string()
        } else {
            format!("{}–{}", a.word_ngrams.0, a.word_ngrams.1)
        }
    );
    let _ = writeln!(
        s,
        "| Character n-grams | {} |",
        a.char_ngrams
            .map_or("off".to_string(), |(lo, hi)| format!("{lo}–{hi}"))
    );
    let _ = writeln!(
        s,
        "| Stemming | {} |",
        if a.stem { "Porter2" } else { "off" }
    );
    let _ = writeln!(
        s,
        "| Negation marking | {} |",
        if a.negation { "on" } else { "off" }
    );
    if let Some(w) = a.target_window {
        let _ = writeln!(
            s,
            "| Target marking | mentions → TGT, {w} words of context either side{} |",
            d.target_col
                .as_ref()
                .map_or(String::new(), |c| format!(" (column `{}`)", md_escape(c)))
        );
    }
    if let Some(n) = a.context_words {
        let _ = writeln!(
            s,
            "| Context | the writer's sentence around quotes of up to {n} words → CTX_ terms{} |",
            d.context_col
                .as_ref()
                .map_or(String::new(), |c| format!(" (column `{}`)", md_escape(c)))
        );
    }
    let _ = writeln!(
        s,
        "| Vocabulary | {} terms (min_df {}, max_df {}, max_features {}) |",
        meta.n_features,
        t.min_df,
        t.max_df,
        t.max_features
            .map_or("no limit".to_string(), |n| n.to_string())
    );
    let _ = writeln!(
        s,
        "| Term frequency | {} |",
        if t.sublinear_tf {
            "sublinear (1 + ln tf)"
        } else {
            "raw counts"
        }
    );
    let _ = writeln!(
        s,
        "| Regularisation | alpha {} (C = {}) |",
        tp.alpha,
        if tp.alpha > 0.0 {
            format!("{}", 1.0 / tp.alpha)
        } else {
            "∞".into()
        }
    );
    let _ = writeln!(
        s,
        "| Class weight | {} |",
        md_escape(&format!("{:?}", tp.class_weight).to_lowercase())
    );
    let _ = writeln!(
        s,
        "| Solver | {} (at most {} iterations, tolerance {} × rows) |",
        md_escape(&format!("{:?}", tp.solver).to_lowercase()),
        tp.max_iter,
        tp.tol
    );
    if let Some(cal) = &p.calibration {
        let _ = writeln!(s, "\n## Calibration\n");
        let _ = writeln!(
            s,
            "Temperature refitted by `stance calibrate` on {} ({} rows, SHA-256 `{}`): {:.3} → {:.3}. Labels are those of the model it was refitted from; only the probabilities differ.",
            md_escape(&cal.data.path),
            cal.data.rows,
            md_escape(&cal.data.sha256),
            cal.previous_temperature,
            cal.temperature
        );
    }
    let c = &p.convergence;
    let _ = writeln!(s, "\n## Convergence\n");
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(
        s,
        "| Converged | {} |",
        if c.converged {
            "yes"
        } else {
            "**no**: raise --max-iter or --tol, or raise --alpha"
        }
    );
    let _ = writeln!(s, "| Iterations | {} |", c.iterations);
    let _ = writeln!(s, "| Stopped because | {} |", md_escape(&c.reason));
    let _ = writeln!(
        s,
        "| Gradient norm | {:.3e} (tolerance {:.3e}) |",
        c.gradient_norm, c.gradient_tolerance
    );
    let _ = writeln!(s, "| Final loss | {:.4} |", c.final_cost);
    let _ = writeln!(
        s,
        "| Training time | {} |",
        p.train_seconds
            .map_or("not recorded (--reproducible)".to_string(), |t| format!(
                "{t:.2} s"
            ))
    );
    let _ = writeln!(s, "\n## Evaluation\n");
    if reports.is_empty() {
        let _ = writeln!(
            s,
            "No held-out evaluation yet. Run `stance evaluate --model {}@v{} --data TEST.csv`; its report is saved in `reports/` and listed here.",
            meta.name, meta.version
        );
    } else {
        let _ = writeln!(
            s,
            "| Report | Data | Data SHA-256 | Rows | Accuracy | Macro-F1 | Weighted F1 | Saved |"
        );
        let _ = writeln!(s, "|---|---|---|---:|---:|---:|---:|---|");
        for r in reports {
            let name = r
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stale = if r.model_sha256 != meta.model_sha256 {
                " (another model)"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "| reports/{}{} | {} | `{}…` | {} | {:.3} | {:.3} | {:.3} | {} |",
                md_escape(&name),
                stale,
                md_escape(&r.test),
                md_escape(&r.data_sha256.chars().take(12).collect::<String>()),
                r.n_test,
                r.accuracy,
                r.macro_f1,
                r.weighted_f1,
                r.saved.as_deref().unwrap_or("?")
            );
        }
    }
    s
}
