//! `stance models`: the registry's names and versions.

use crate::registry::{validate_name, Registry, ReportSummary};
use anyhow::Result;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text.
    Table,
    /// JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct ModelsArgs {
    /// Only this model's versions.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
    /// Registry folder [default: $STANCE_MODELS, else ./models].
    #[arg(long, value_name = "DIR")]
    pub models_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// One version in the listing.
#[derive(Debug, Serialize)]
struct Row {
    name: String,
    version: u32,
    /// False while being written, or when its training failed.
    finished: bool,
    created: Option<String>,
    data: Option<String>,
    data_sha256: Option<String>,
    rows: Option<usize>,
    /// The most recently saved report.
    latest_report: Option<ReportSummary>,
    reports: usize,
    problem: Option<String>,
}

const UNFINISHED: &str = "unfinished (no model.json)";

pub fn run(args: ModelsArgs) -> Result<()> {
    let registry = Registry::locate(args.models_dir.as_deref());
    let names = match &args.name {
        Some(n) => {
            validate_name(n)?;
            vec![n.clone()]
        }
        None => registry.names()?,
    };
    let mut rows = Vec::new();
    for name in &names {
        let versions = registry.versions(name)?;
        if versions.is_empty() && args.name.is_some() {
            anyhow::bail!(
                "{}: no model named {name:?}; run `stance models` to see the names, or train one with `stance train --name {name}`",
                registry.root().display()
            );
        }
        for v in versions {
            let dir = registry.root().join(name).join(format!("v{v}"));
            let version = crate::registry::ModelVersion {
                name: name.clone(),
                version: v,
                dir,
            };
            let finished = version.is_finished();
            // A version killed after version.json but before model.json has its metadata
            // and still is not a model: it says so whatever the metadata reads.
            let (meta, problem) = match version.load_meta() {
                Ok(m) if !finished => (Some(m), Some(UNFINISHED.to_string())),
                Ok(m) => (Some(m), None),
                Err(_) if !finished => (None, Some(UNFINISHED.to_string())),
                Err(e) => (None, Some(e.to_string())),
            };
            let (reports, _) = version.reports();
            rows.push(Row {
                name: name.clone(),
                version: v,
                finished,
                created: meta.as_ref().map(|m| m.created.clone()),
                data: meta.as_ref().map(|m| m.provenance.data.path.clone()),
                data_sha256: meta.as_ref().map(|m| m.provenance.data.sha256.clone()),
                rows: meta.as_ref().map(|m| m.provenance.data.rows),
                reports: reports.len(),
                latest_report: reports.into_iter().last(),
                problem,
            });
        }
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&rows)?;
            s.push('\n');
            out.write_all(s.as_bytes())?;
        }
        Format::Table => {
            if rows.is_empty() {
                writeln!(
                    out,
                    "no models in {}; train one with `stance train --name NAME --data FILE`",
                    crate::term::path(registry.root())
                )?;
                return Ok(());
            }
            out.write_all(table(&rows).as_bytes())?;
        }
    }
    Ok(())
}

fn table(rows: &[Row]) -> String {
    use crate::render::compare::terminal_text;
    use crate::render::export::{text::Text, Column, Exporter, Table};
    use crate::term::{cell, width};
    let nw = rows
        .iter()
        .map(|r| width(&r.name))
        .max()
        .unwrap_or(4)
        .max(4);
    let mut table = Table::new(vec![
        Column::left("name").fixed(nw),
        Column::right("version").fixed(7),
        Column::left("created (UTC)").fixed(20),
        Column::left("data sha256").fixed(12),
        Column::right("rows").fixed(7),
        Column::right("macro f1").fixed(8),
        Column::left("evaluated on"),
    ]);
    let mut last = "";
    for r in rows {
        let name = if r.name == last { "" } else { r.name.as_str() };
        last = &r.name;
        let created = r
            .created
            .as_deref()
            .map(|c| c.replace('T', " ").trim_end_matches('Z').to_string())
            .unwrap_or_else(|| "—".into());
        let sha: String = r
            .data_sha256
            .as_deref()
            .unwrap_or("—")
            .chars()
            .take(12)
            .collect();
        let rows_text = r.rows.map_or("—".into(), |n| n.to_string());
        let (f1, on) = match &r.latest_report {
            _ if !r.finished => ("—".into(), UNFINISHED.to_string()),
            Some(rep) => (
                format!("{:.3}", rep.macro_f1),
                format!(
                    "{}{}",
                    terminal_text(&rep.test, 60),
                    if r.reports > 1 {
                        format!(" (+{} more)", r.reports - 1)
                    } else {
                        String::new()
                    }
                ),
            ),
            None => (
                "—".into(),
                terminal_text(r.problem.as_deref().unwrap_or(""), 300),
            ),
        };
        table.push([
            cell(name),
            format!("v{}", r.version),
            cell(&created),
            cell(&sha),
            rows_text,
            f1,
            on,
        ]);
    }
    Text::default().table(&table)
}
