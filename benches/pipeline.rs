//! Criterion benchmarks of each pipeline stage. Inputs are generated deterministically from
//! `data/train.csv` and the shipped articles (`data/articles/`, `tests/fixtures/articles/`), so
//! they run on a fresh clone: `cargo bench --bench pipeline`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stance::article::{extract, read_article_bytes, Gazetteer, Limits};
use stance::corpus::{read_labelled, CsvOptions, LabelSet};
use stance::features::analyzer::{Analyzer, AnalyzerScratch};
use stance::features::{AnalyzerSettings, TfidfSettings, TfidfVectorizer, TransformScratch};
use stance::model::{Classifier, ModelSettings};
use std::hint::black_box;
use std::path::Path;

fn corpus() -> stance::corpus::Corpus {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/train.csv");
    read_labelled(&path, &CsvOptions::default()).expect("data/train.csv reads")
}

/// `n` texts and labels: the corpus repeated, each copy with a numbered suffix so the rows
/// are not identical.
fn scaled(n: usize) -> (Vec<String>, Vec<usize>) {
    let c = corpus();
    (0..n)
        .map(|i| {
            let e = &c.examples[i % c.examples.len()];
            (format!("{} ({})", e.text, i / c.examples.len()), e.label)
        })
        .unzip()
}

fn analyzer(c: &mut Criterion) {
    let (texts, _) = scaled(2000);
    let tokens: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let mut g = c.benchmark_group("analyze");
    g.throughput(Throughput::Elements(tokens as u64));
    let a = Analyzer::new(AnalyzerSettings::default());
    g.bench_function("tokenize+negation+stem+bigrams, 2000 quotes", |b| {
        let mut scratch = AnalyzerScratch::default();
        let mut out = Vec::new();
        b.iter(|| {
            for t in &texts {
                out.clear();
                a.analyze_into(t, &mut scratch, &mut out);
            }
            black_box(out.len())
        })
    });
    g.finish();
}

fn transform_and_predict(c: &mut Criterion) {
    let c0 = corpus();
    let labels = LabelSet::default();
    let model = Classifier::fit_corpus(
        &c0,
        &labels,
        "data/train.csv",
        ("text", "label"),
        &ModelSettings::default(),
    )
    .expect("trains");
    let (texts, _) = scaled(2000);
    let mut g = c.benchmark_group("per quote");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("tf-idf transform, 2000 quotes", |b| {
        let mut scratch = TransformScratch::default();
        b.iter(|| {
            for t in &texts {
                black_box(model.vectorizer().transform_one(t, &mut scratch));
            }
        })
    });
    g.bench_function("transform + predict, 2000 quotes", |b| {
        let mut scratch = TransformScratch::default();
        b.iter(|| {
            for t in &texts {
                black_box(model.predict_text(t, &mut scratch));
            }
        })
    });
    g.finish();
}

fn training(c: &mut Criterion) {
    let mut g = c.benchmark_group("train");
    g.sample_size(10);
    for n in [10_000usize, 100_000] {
        let (texts, y) = scaled(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("featurise+fit rows", n), &n, |b, _| {
            b.iter(|| {
                let (v, x) = TfidfVectorizer::fit_transform(
                    AnalyzerSettings::default(),
                    TfidfSettings::default(),
                    &texts,
                )
                .expect("features");
                let params = stance::model::TrainParams::default()
                    .check(3)
                    .expect("params");
                black_box((
                    v.n_features(),
                    stance::model::trainer::fit(&x, &y, 3, &params).expect("fits"),
                ))
            })
        });
    }
    g.finish();
}

/// The shipped articles as plain text, in sorted order (HTML ones stripped of their markup).
fn shipped_articles() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<std::path::PathBuf> = ["data/articles", "tests/fixtures/articles"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("article folder reads"))
        .map(|entry| entry.expect("article folder reads").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("article reads");
            read_article_bytes(&bytes, p.extension().is_some_and(|e| e == "html")).0
        })
        .collect()
}

/// `n` articles of about the shipped articles' size: each is one shipped article with its
/// paragraphs rotated and a few paragraphs of the next one mixed in, so no two are alike.
fn article_corpus(n: usize) -> Vec<String> {
    let sources: Vec<Vec<String>> = shipped_articles()
        .iter()
        .map(|a| {
            a.lines()
                .filter(|p| !p.trim().is_empty())
                .map(str::to_string)
                .collect()
        })
        .filter(|p: &Vec<String>| !p.is_empty())
        .collect();
    (0..n)
        .map(|i| {
            let own = &sources[i % sources.len()];
            let other = &sources[(i + 1) % sources.len()];
            // The headline stays first; the body is rotated by i.
            let mut paragraphs = vec![own[0].clone()];
            let body = &own[1..];
            for k in 0..body.len() {
                paragraphs.push(body[(k + i) % body.len()].clone());
                if k % 4 == 3 {
                    paragraphs.push(other[(k + i) % other.len()].clone());
                }
            }
            paragraphs.join("\n\n")
        })
        .collect()
}

fn articles(c: &mut Criterion) {
    let texts = article_corpus(200);
    let bytes: usize = texts.iter().map(String::len).sum();
    let gazetteer = Gazetteer::builtin();
    let limits = Limits::default();
    let model_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default.json");
    let model = stance::model::file::load(&model_path).expect("models/default.json loads");
    let mut g = c.benchmark_group("articles");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("extract quotes, 200 articles", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| extract(t, &gazetteer, &limits).quotes.len())
                .sum::<usize>()
        })
    });
    g.bench_function("extract + classify, 200 articles", |b| {
        let mut scratch = TransformScratch::default();
        b.iter(|| {
            let mut labels = 0;
            for t in &texts {
                for q in extract(t, &gazetteer, &limits).quotes {
                    labels += model.predict_text(&q.text, &mut scratch).1.label;
                }
            }
            black_box(labels)
        })
    });
    g.finish();
}

criterion_group!(benches, analyzer, transform_and_predict, training, articles);
criterion_main!(benches);
