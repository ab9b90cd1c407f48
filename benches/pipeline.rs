//! Criterion benchmarks of each pipeline stage. Inputs are generated deterministically from
//! `data/train.csv`, so they run on a fresh clone: `cargo bench --bench pipeline`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
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

criterion_group!(benches, analyzer, transform_and_predict, training);
criterion_main!(benches);
