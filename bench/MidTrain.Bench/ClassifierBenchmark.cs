using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Classifiers.Apply;
using MidTrain.Classifiers.Model;
using MidTrain.Classifiers.Training;
using MidTrain.Core.Jsonl;
using MidTrain.Testing.Corpora;

namespace MidTrain.Bench;

/// <summary>
/// <c>classifier [--docs N] [--chars C] [--train-labels L]</c>: the <c>fasttext-like</c> quality classifier. Apply
/// throughput over a JSONL file of N documents of about C characters (default 50,000 × 2,000) — one core and all cores,
/// through <see cref="ClassifierFileRunner"/> (read, score, write) — against the raw JSONL read rate of the same file in
/// the same run (read each line and decode its text, one core; and MidTrain's own corpus reader, which parses each line
/// into a document); scoring alone on ~100-character lines, to compare with
/// fastText's ~1M short lines/s/core; and the training time for L labels (default 100,000, planted-signal documents of C
/// characters, default features and early stopping). Throughputs are the best of three runs, each path first warmed up
/// on its own for a second (tiered compilation: a path timed cold reads slower and skews the ratios).
/// </summary>
internal sealed class ClassifierBenchmark : IBenchmark
{
    public string Name => "classifier";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var docs = Option(args, "--docs", 50_000);
        var chars = Option(args, "--chars", 2_000);
        var trainLabels = Option(args, "--train-labels", 100_000);
        var dir = Directory.CreateTempSubdirectory("midtrain-bench-classifier").FullName;
        try
        {
            // Train on the labels (timed), then apply that model.
            var training = PlantedQualityCorpus.Generate(trainLabels, seed: 1, targetChars: chars).Select(d => new LabelledText(d.Id, d.Text, d.Label)).ToList();
            var started = Stopwatch.GetTimestamp();
            var trained = ClassifierTrainer.Train(training, "educational_value", new ClassifierTrainingOptions { LabelMin = 0, LabelMax = 5, Bootstrap = 0 }, cancellationToken: cancellationToken);
            var trainSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            training.Clear();
            using var classifier = QualityClassifier.FromModel(trained.Model);

            var input = Path.Combine(dir, "corpus.jsonl");
            await using (var writer = new StreamWriter(input))
            {
                foreach (var d in PlantedQualityCorpus.Generate(docs, seed: 2, targetChars: chars))
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(new { id = d.Id, url = $"https://example.org/{d.Id}", text = d.Text }));
                }
            }

            var bytes = new FileInfo(input).Length;
            var output = Path.Combine(dir, "out.jsonl");
            // Each measured path is warmed up on its own before it is timed, so that all are timed on tier-1 code: the
            // raw read took ~4 passes (~0.4 s) to reach its steady speed, and once the apply stopped decoding text to
            // UTF-16 its warm-up no longer warmed the raw read's decoding — a cold baseline read at half speed and
            // flattered the ratio.
            long ApplyOne() => ClassifierFileRunner.RunAsync(classifier, input, output, new ClassifierApplyOptions { Concurrency = 1 }, cancellationToken).GetAwaiter().GetResult().Lines;
            var cores = Environment.ProcessorCount;
            long ApplyAll() => ClassifierFileRunner.RunAsync(classifier, input, output, new ClassifierApplyOptions { Concurrency = cores }, cancellationToken).GetAwaiter().GetResult().Lines;
            long ReadCorpus() => new Orchestrator.Corpus.CorpusReader(new Orchestrator.Corpus.CorpusOptions { Path = input }).ReadAsync(cancellationToken).LongCountAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
            var raw = Best(WarmedUp(() => RawRead(input)));
            var corpusRead = Best(WarmedUp(ReadCorpus));
            var one = Best(WarmedUp(ApplyOne));
            var all = Best(WarmedUp(ApplyAll));

            var texts = PlantedQualityCorpus.Generate(Math.Min(docs, 5_000), seed: 3, targetChars: chars).Select(d => d.Text).ToArray();
            var scoreOnly = Best(WarmedUp(() => ScoreAll(classifier, texts)));
            var withChars = new ClassifierModel
            {
                Kind = ClassifierKind.FasttextLike,
                Criterion = "c",
                LabelMin = 0,
                LabelMax = 5,
                Threshold = 3,
                Features = new Classifiers.Features.NgramFeatureOptions { CharNgramMin = 4, CharNgramMax = 4 },
                Weights = trained.Model.Weights,
                Bias = trained.Model.Bias,
            };
            using var charClassifier = QualityClassifier.FromModel(withChars);
            var charScoreOnly = Best(WarmedUp(() => ScoreAll(charClassifier, texts)));
            var shortLines = PlantedQualityCorpus.Generate(50_000, seed: 4, targetChars: 100).Select(d => d.Text).ToArray();
            var shortRate = Best(WarmedUp(() => ScoreAll(classifier, shortLines)));
            var shortPerSecond = shortLines.Length / shortRate;

            JsonObject Rate(double seconds, long count) => new()
            {
                ["seconds"] = Math.Round(seconds, 3),
                ["docs_per_s"] = Math.Round(count / seconds),
                ["mb_per_s"] = Math.Round(bytes / 1e6 / seconds, 1),
            };

            return new JsonObject
            {
                ["docs"] = docs,
                ["chars_per_doc"] = chars,
                ["file_mb"] = Math.Round(bytes / 1e6, 1),
                ["features"] = JsonSerializer.SerializeToNode(trained.Model.Features),
                ["raw_jsonl_read_1_core"] = Rate(raw, docs),
                ["apply_1_core"] = Rate(one, docs),
                ["apply_all_cores"] = Rate(all, docs),
                ["cores"] = cores,
                ["corpus_reader_1_core"] = Rate(corpusRead, docs),
                ["apply_1_core_vs_raw_read"] = Math.Round(raw / one, 3),
                ["apply_1_core_vs_corpus_reader"] = Math.Round(corpusRead / one, 3),
                ["target_vs_raw_read"] = 0.3,
                ["score_only_1_core_docs_per_s"] = Math.Round(texts.Length / scoreOnly),
                ["score_only_with_char_4grams_1_core_docs_per_s"] = Math.Round(texts.Length / charScoreOnly),
                ["short_lines_100_chars_per_s_1_core"] = Math.Round(shortPerSecond),
                ["short_lines_vs_fasttext_1m_per_s"] = Math.Round(shortPerSecond / 1_000_000, 3),
                ["train"] = new JsonObject
                {
                    ["labels"] = trainLabels,
                    ["seconds"] = Math.Round(trainSeconds, 1),
                    ["epochs"] = trained.Epochs.Count,
                    ["best_epoch"] = trained.BestEpoch,
                    ["test_spearman"] = trained.Test.Spearman,
                    ["test_rmse"] = Math.Round(trained.Test.Rmse, 4),
                },
            };
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static double ScoreAll(QualityClassifier classifier, string[] texts)
    {
        var started = Stopwatch.GetTimestamp();
        double sum = 0;
        foreach (var text in texts)
        {
            sum += classifier.Score(text);
        }

        GC.KeepAlive(sum);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The baseline: read every line and decode its text field, as the apply must at least do.</summary>
    private static long RawRead(string path)
    {
        using var reader = JsonlLineReader.Open(path);
        var buffer = ArrayPool<char>.Shared.Rent(1 << 16);
        long lines = 0, chars = 0;
        while (reader.TryRead(out var line))
        {
            var json = new Utf8JsonReader(line.Bytes.Span);
            json.Read();
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var isText = json.ValueTextEquals("text"u8);
                json.Read();
                if (isText)
                {
                    if (buffer.Length < json.ValueSpan.Length)
                    {
                        ArrayPool<char>.Shared.Return(buffer);
                        buffer = ArrayPool<char>.Shared.Rent(json.ValueSpan.Length);
                    }

                    chars += json.CopyString(buffer);
                }
                else
                {
                    json.Skip();
                }
            }

            lines++;
        }

        ArrayPool<char>.Shared.Return(buffer);
        GC.KeepAlive(chars);
        return lines;
    }

    /// <summary>Runs <paramref name="run"/> for at least a second (and at least twice), then returns it to be timed.</summary>
    private static Func<T> WarmedUp<T>(Func<T> run)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 2 || Stopwatch.GetElapsedTime(started).TotalSeconds < 1; i++)
        {
            run();
        }

        return run;
    }

    private static double Best(Func<long> run)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        return best;
    }

    private static double Best(Func<double> run)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            best = Math.Min(best, run());
        }

        return best;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
