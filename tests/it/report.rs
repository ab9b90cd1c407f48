//! `stance report` end to end through the binary, on articles written here (invented
//! officials and countries' spokespeople; no dataset text).

use crate::util::{ok, stance, write};
use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const HOSTILE: &str = "Iran and US trade threats over tanker seizure

Iranian Foreign Ministry spokesman Reza Kamali said on Monday that Tehran would not be intimidated.

\"If they attack our ships, we will answer with everything we have,\" Kamali said.

\"Their threats are reckless and we will crush any aggression against our territory,\" he added.
";

const CONCILIATORY: &str = "Iran signals openness to new round with Washington

Iranian Foreign Ministry spokesman Reza Kamali said on Thursday that Tehran was ready to talk to the United States.

\"Our door is open, and we are ready to meet them without preconditions,\" Kamali said.

\"We welcome the American proposal and hope both sides can build trust step by step,\" he said.
";

fn jsonl_line(article: &str, date: Option<&str>, text: &str) -> String {
    let mut v = serde_json::json!({"article": article, "text": text, "source": "wire"});
    if let Some(d) = date {
        v["date"] = Value::String(d.into());
    }
    format!("{v}\n")
}

/// Three dated articles over two months and one undated, as JSON lines.
fn corpus_jsonl(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("articles.jsonl");
    let text = [
        jsonl_line("jan-a", Some("2026-01-05"), HOSTILE),
        jsonl_line("jan-b", Some("2026-01-28T10:00:00+03:30"), HOSTILE),
        jsonl_line("feb-a", Some("2026-02-10"), CONCILIATORY),
        jsonl_line("nodate", None, CONCILIATORY),
    ]
    .concat();
    std::fs::write(&path, text).unwrap();
    path
}

fn fails(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn csv_rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_series_by_month_with_an_undated_article() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus_jsonl(dir.path());
    let (out, err) = ok(stance()
        .args(["report", "--format", "csv", "--jsonl"])
        .arg(&input));
    let rows = csv_rows(&out);
    assert_eq!(
        rows[0].join(","),
        "from,to,period,start,end,quotes,conciliatory,hostile,neutral,tone,tone_low,tone_high"
    );
    let iran: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0] == "Iran" && r[1] == "United States")
        .collect();
    assert_eq!(iran.len(), 2, "{out}");
    assert_eq!(
        &iran[0][2..5],
        ["2026-01", "2026-01-01", "2026-01-31"].map(String::from)
    );
    assert_eq!(
        &iran[1][2..5],
        ["2026-02", "2026-02-01", "2026-02-28"].map(String::from)
    );
    // Both January articles are hostile, February's conciliatory.
    let tone = |r: &Vec<String>| r[9].parse::<f64>().unwrap();
    assert!(tone(iran[0]) < 0.0 && tone(iran[1]) > 0.0, "{out}");
    let (low, high) = (
        iran[0][10].parse::<f64>().unwrap(),
        iran[0][11].parse::<f64>().unwrap(),
    );
    assert!(low <= tone(iran[0]) && tone(iran[0]) <= high && low >= -1.0 && high <= 1.0);
    // The undated article is named in the warning and is in no row.
    assert!(
        err.contains("warning: 1 of 4 articles have no date") && err.contains("nodate"),
        "{err}"
    );
    assert!(err.contains("--dates FILE"), "{err}");
}

#[test]
fn json_has_undated_names_interval_and_top_quotes_and_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus_jsonl(dir.path());
    let (out, _) = ok(stance()
        .args(["report", "--format", "json", "--by", "week", "--jsonl"])
        .arg(&input));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["by"], "week");
    assert_eq!(v["undated"], serde_json::json!(["nodate"]));
    assert_eq!(
        (v["articles"].as_u64(), v["dated_articles"].as_u64()),
        (Some(4), Some(3))
    );
    assert!(v["interval"].as_str().unwrap().contains("Wilson"));
    let iran = v["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["from"] == "Iran" && s["to"] == "United States")
        .expect("an Iran → United States series");
    let periods = iran["periods"].as_array().unwrap();
    let names: Vec<&str> = periods
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2026-W02", "2026-W05", "2026-W07"]);
    assert_eq!(periods[0]["start"], "2026-01-05");
    let hostile = periods[0]["most_hostile"].as_array().unwrap();
    assert!(!hostile.is_empty() && hostile.len() <= 3);
    assert_eq!(hostile[0]["article"], "jan-a");
    assert!(
        hostile[0]["quote"]
            .as_str()
            .unwrap()
            .contains("attack our ships")
            || hostile[0]["quote"].as_str().unwrap().contains("crush")
    );
    let p = |q: &Value| q["probability"].as_f64().unwrap();
    assert!(hostile.windows(2).all(|w| p(&w[0]) >= p(&w[1])));
    assert!(iran["undated_quotes"].as_u64().unwrap() > 0);
}

#[test]
fn table_on_request_names_pairs_and_undated() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus_jsonl(dir.path());
    let (out, _) = ok(stance()
        .args(["report", "--format", "table", "--jsonl"])
        .arg(&input));
    assert!(
        out.starts_with("tone by month: 4 articles (3 dated, 1 undated)"),
        "{out}"
    );
    assert!(out.contains("Iran → United States:"), "{out}");
    assert!(
        out.contains("2026-01") && out.contains("95% interval"),
        "{out}"
    );
    assert!(
        out.contains("undated (1, left out of the series): nodate"),
        "{out}"
    );
}

#[test]
fn html_dates_from_metadata_and_a_dates_file_that_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let html = |head: &str, body: &str| {
        format!(
            "<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{}</body></html>",
            body
        )
    };
    let paras = |t: &str| {
        t.split("\n\n")
            .map(|p| format!("<p>{p}</p>"))
            .collect::<String>()
    };
    write(
        dir.path(),
        "news/a.html",
        html(
            r#"<meta property="article:published_time" content="2026-03-02T08:00:00Z">"#,
            &paras(HOSTILE),
        ),
    );
    write(
        dir.path(),
        "news/b.html",
        html(
            "",
            &format!(
                "<time datetime=\"2026-04-20\">20 April</time>{}",
                paras(CONCILIATORY)
            ),
        ),
    );
    write(dir.path(), "news/c.txt", CONCILIATORY);
    write(dir.path(), "news/d.txt", HOSTILE);
    // c.txt by file name; a.html's metadata overridden by its full name.
    let a_name = dir.path().join("news/a.html").display().to_string();
    write(
        dir.path(),
        "dates.csv",
        format!("article,date,note\nc.txt,2026-05-11,by hand\n\"{a_name}\",2026-06-01,\n"),
    );
    let (out, err) = ok(stance()
        .args(["report", "--format", "json", "--dates"])
        .arg(dir.path().join("dates.csv"))
        .arg(dir.path().join("news")));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["undated"].as_array().unwrap().len(), 1, "{out}");
    assert!(v["undated"][0].as_str().unwrap().ends_with("d.txt"));
    assert!(err.contains("d.txt"), "{err}");
    let iran = v["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["from"] == "Iran" && s["to"] == "United States")
        .unwrap();
    let names: Vec<&str> = iran["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2026-04", "2026-05", "2026-06"], "{out}");
}

#[test]
fn html_page_is_self_contained_capped_and_highlights_every_quote() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus_jsonl(dir.path());
    let page = dir.path().join("page.html");
    ok(stance()
        .args(["report", "--format", "csv", "--html"])
        .arg(&page)
        .arg("--jsonl")
        .arg(&input));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    assert!(html.len() < 5_000_000);
    // No scripts and nothing fetched: the only URL is SVG's namespace name.
    for banned in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert_eq!(
        html.matches("http").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
    assert!(
        html.contains("<svg") && html.contains("<polygon"),
        "a chart with its band"
    );
    assert!(html.contains("Iran → United States"));
    assert!(html.contains("Wilson score interval"));
    assert!(html.contains("1 of 4 articles have no date") && html.contains("nodate"));
    // Every quote of every article is marked, with its speaker and parties.
    let (jsonl, _) = ok(stance()
        .args(["predict", "--format", "jsonl", "--jsonl"])
        .arg(&input));
    let quotes = jsonl
        .lines()
        .filter(|l| l.contains("\"record\":\"quote\""))
        .count();
    assert!(quotes >= 8);
    assert_eq!(html.matches("<span class=\"who\">").count(), quotes);
    assert!(
        html.contains("<mark class=\"hostile\"") && html.contains("<mark class=\"conciliatory\"")
    );
    assert!(html.contains("Kamali: Iran → United States"));
}

#[test]
fn markup_in_data_is_escaped_in_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jsonl");
    let text = HOSTILE.replace("reckless", "<script>alert(1)</script> reckless");
    std::fs::write(
        &input,
        jsonl_line("<b>x</b>.txt", Some("2026-01-01"), &text),
    )
    .unwrap();
    let page = dir.path().join("page.html");
    ok(stance()
        .args(["report", "--format", "csv", "--html"])
        .arg(&page)
        .arg("--jsonl")
        .arg(&input));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script>") && !html.contains("<b>x"));
    assert!(html.contains("&lt;script&gt;") && html.contains("&lt;b&gt;x"));
}

#[test]
fn records_of_predict_give_the_same_series_and_extra_fields_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus_jsonl(dir.path());
    let (direct, _) = ok(stance()
        .args(["report", "--format", "csv", "--jsonl"])
        .arg(&input));
    // Score elsewhere, then add the dates (and fields a later version may write) to the records.
    let (records, _) = ok(stance()
        .args(["predict", "--format", "jsonl", "--jsonl"])
        .arg(&input));
    let dates = [
        ("jan-a", "2026-01-05"),
        ("jan-b", "2026-01-28"),
        ("feb-a", "2026-02-10"),
    ];
    let mut lines = String::new();
    for line in records.lines() {
        let mut v: Value = serde_json::from_str(line).unwrap();
        if v["record"] == "quote" {
            v["target_reason"] = "named".into();
            v["coverage"] = 0.5.into();
            v["low_coverage"] = false.into();
        }
        let name = v["article"].as_str().unwrap().to_string();
        if let Some((_, d)) = dates.iter().find(|(a, _)| *a == name) {
            v["date"] = (*d).into();
        }
        lines.push_str(&format!("{v}\n"));
    }
    lines.push_str("{\"record\":\"progress\",\"done\":4}\n");
    let path = dir.path().join("records.jsonl");
    std::fs::write(&path, lines).unwrap();
    let (from_records, err) = ok(stance()
        .args(["report", "--format", "csv", "--records"])
        .arg(&path));
    assert_eq!(from_records, direct);
    assert!(
        err.contains("nodate") && err.contains("1 record(s) other than quote and summary"),
        "{err}"
    );
    // The page of records shows the quotes (there is no article text to show them in).
    let page = dir.path().join("r.html");
    ok(stance()
        .args(["report", "--format", "csv", "--records"])
        .arg(&path)
        .arg("--html")
        .arg(&page));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<mark class=\"hostile\""));
}

#[test]
fn same_input_gives_byte_identical_output_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus_jsonl(dir.path());
    let run = |threads: &str, format: &str, page: &str| {
        let page = dir.path().join(page);
        let (out, _) = ok(stance()
            .args([
                "--threads",
                threads,
                "report",
                "--by",
                "day",
                "--format",
                format,
                "--html",
            ])
            .arg(&page)
            .arg("--jsonl")
            .arg(&input));
        (out, std::fs::read(page).unwrap())
    };
    for format in ["csv", "json", "table"] {
        let a = run("1", format, "a.html");
        let b = run("2", format, "b.html");
        assert_eq!(a, b, "{format}");
    }
}

#[test]
fn bad_inputs_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus_jsonl(dir.path());
    let dates = dir.path().join("dates.csv");
    std::fs::write(&dates, "article,date\njan-a,2026-01-05\nfeb-a,10/02/2026\n").unwrap();
    let (code, err) = fails(
        stance()
            .args(["report", "--jsonl"])
            .arg(&input)
            .arg("--dates")
            .arg(&dates),
    );
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{}:3: bad date for \"feb-a\"", dates.display())),
        "{err}"
    );
    assert!(err.contains("YYYY-MM-DD"), "{err}");

    std::fs::write(&dates, "name,when\nx,2026-01-01\n").unwrap();
    let (_, err) = fails(
        stance()
            .args(["report", "--jsonl"])
            .arg(&input)
            .arg("--dates")
            .arg(&dates),
    );
    assert!(
        err.contains(":1: a dates file needs the columns article and date"),
        "{err}"
    );

    std::fs::write(&dates, "article,date\nx,2026-01-01\nx,2026-01-02\n").unwrap();
    let (_, err) = fails(
        stance()
            .args(["report", "--jsonl"])
            .arg(&input)
            .arg("--dates")
            .arg(&dates),
    );
    assert!(
        err.contains(":3: \"x\" is dated 2026-01-02 here but 2026-01-01 on line 2"),
        "{err}"
    );

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        format!(
            "{}{}",
            jsonl_line("a", Some("2026-01-01"), HOSTILE),
            jsonl_line("b", Some("2026-02-30"), HOSTILE)
        ),
    )
    .unwrap();
    let (_, err) = fails(stance().args(["report", "--jsonl"]).arg(&bad));
    assert!(
        err.contains(&format!(
            "{}:2: bad \"date\": \"2026-02-30\" is not a day of the calendar",
            bad.display()
        )),
        "{err}"
    );

    let (code, err) = fails(
        stance()
            .args(["report", "--by", "year", "--jsonl"])
            .arg(&input),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid value 'year' for '--by <PERIOD>'")
            && err.contains("day, week, month"),
        "{err}"
    );

    let records = dir.path().join("records.jsonl");
    std::fs::write(&records, "{\"record\":\"quote\",\"article\":\"a\",\"label\":\"hostile\"}\n{\"article\":\"b\",\"text\":\"x\"}\n").unwrap();
    let (_, err) = fails(stance().args(["report", "--records"]).arg(&records));
    assert!(
        err.contains(&format!("{}:2: no \"record\" field", records.display()))
            && err.contains("--jsonl"),
        "{err}"
    );

    std::fs::write(
        &records,
        "{\"record\":\"quote\",\"article\":\"a\",\"date\":\"March\",\"label\":\"hostile\"}\n",
    )
    .unwrap();
    let (_, err) = fails(stance().args(["report", "--records"]).arg(&records));
    assert!(err.contains(":1: bad \"date\""), "{err}");

    let (_, err) = fails(stance().args(["report"]));
    assert!(err.contains("nothing to report on"), "{err}");
}

#[test]
fn a_page_date_that_is_not_a_date_is_warned_about_and_left_undated() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.html",
        format!(
            "<html><head><meta property=\"article:published_time\" content=\"yesterday\"></head><body><p>{}</p></body></html>",
            CONCILIATORY.replace("\n\n", "</p><p>")
        ),
    );
    let (out, err) = ok(stance()
        .args(["report", "--format", "json"])
        .arg(dir.path().join("a.html")));
    assert!(
        err.contains("a.html: the page's publication date \"yesterday\" is not a date"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["dated_articles"], 0);
    assert!(v["series"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["periods"].as_array().unwrap().is_empty()));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus_jsonl(dir.path());
    for args in [
        vec!["report", "--format", "csv", "--jsonl"],
        vec!["predict", "--format", "jsonl", "--jsonl"],
    ] {
        let (_, err) = ok(stance().args(&args).arg(&input));
        assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
        assert!(!err.contains("articles ·"), "{err}");
    }
}

#[test]
fn a_large_corpus_gives_a_page_under_5_mb_that_says_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.jsonl");
    let mut lines = String::new();
    for i in 0..4000 {
        // Two years of days; long articles so the article view must stop early.
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let year = 2024 + (i / 336) % 2;
        let text = if i % 3 == 0 { HOSTILE } else { CONCILIATORY };
        let filler = "The talks were described by diplomats as long and technical. ".repeat(20);
        lines.push_str(&jsonl_line(
            &format!("a{i:05}"),
            Some(&format!("{year}-{month:02}-{day:02}")),
            &format!("{text}\n{filler}\n"),
        ));
    }
    std::fs::write(&input, lines).unwrap();
    let page = dir.path().join("page.html");
    ok(stance()
        .args(["report", "--by", "day", "--format", "csv", "--html"])
        .arg(&page)
        .arg("--jsonl")
        .arg(&input));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.len() < 5_000_000, "{} bytes", html.len());
    assert!(html.contains("of 4000 articles shown (the page is capped under 5 MB)"));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn a_progress_count_is_shown_when_stderr_is_a_terminal() {
    // `script` (util-linux) runs the command on a pseudo-terminal; skip where it is absent.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` command");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = corpus_jsonl(dir.path());
    let bin = crate::util::bin();
    let command = format!(
        "'{}' report --format csv --jsonl '{}' > /dev/null",
        bin.display(),
        input.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains(" articles · "), "{screen:?}");
}
