using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Filters.Language;
using MidTrain.Verifiers.Reasoning;

namespace MidTrain.Bench;

/// <summary>
/// <c>reasoning</c>: samples per second of each reasoning-trace verifier on one thread over generated reasoning samples
/// (a trace of up to about 3,000 characters: distinct sentences of examples/corpus.jsonl in one language — en, fr or
/// es — in random order, ending in a boxed number; and a boxed one-sentence answer), against the rate of parsing the same samples from JSON
/// measured in the same run (<c>ratio</c> = verifier rate / parse rate), and the existing <c>language</c> verifier on
/// the same samples as the baseline for <c>reasoning_language</c>, which identifies many sentences instead of two
/// texts. Language identification is timed with all 79 Lingua languages and with the three the samples hold; the
/// outcomes on these samples (every trace and answer in its sample's language) are false rejections, shown with the
/// default <c>min_run: 2</c> and with <c>min_run: 1</c> (every misidentified sentence counts).
/// Args: <c>[samples (default 1500)]</c>.
/// </summary>
internal sealed class ReasoningBenchmark : IBenchmark
{
    public string Name => "reasoning";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : 1500;
        var lines = Samples(count);
        var started = Stopwatch.GetTimestamp();
        var samples = lines.Select(l => JsonSerializer.Deserialize<Sample>(l, JsonDefaults.Options)!).ToList();
        var parseRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var result = new JsonObject
        {
            ["samples"] = count,
            ["mean_trace_chars"] = Math.Round(samples.Average(s => s.Messages[^1].Reasoning!.Length)),
            ["parse_samples_per_s"] = Math.Round(parseRate),
        };

        (string Name, IVerifier Verifier)[] verifiers =
        [
            ("reasoning_format", new ReasoningFormatVerifier(new ReasoningFormatOptions())),
            ("reasoning_length", new ReasoningLengthVerifier(new ReasoningLengthOptions { MaxChars = 32000, MaxRatio = 1000 })),
            ("reasoning_repetition", new ReasoningRepetitionVerifier(new ReasoningRepetitionOptions())),
            ("reasoning_answer", new ReasoningAnswerVerifier(new ReasoningAnswerOptions())),
            ("language_all_languages (baseline)", new LanguageVerifier(new LanguageVerifierOptions { CheckAnswer = true })),
            ("reasoning_language_all_languages", new ReasoningLanguageVerifier(new ReasoningLanguageOptions())),
            ("language_en_fr_es (baseline)", new LanguageVerifier(new LanguageVerifierOptions { CheckAnswer = true, Languages = ["en", "fr", "es"] })),
            ("reasoning_language_en_fr_es", new ReasoningLanguageVerifier(new ReasoningLanguageOptions { Languages = ["en", "fr", "es"] })),
            ("reasoning_language_all_languages_min_run_1", new ReasoningLanguageVerifier(new ReasoningLanguageOptions { MinRun = 1 })),
        ];
        foreach (var (name, verifier) in verifiers)
        {
            await verifier.VerifyAsync(samples[0], cancellationToken); // models loaded, code jitted
            var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
            started = Stopwatch.GetTimestamp();
            foreach (var sample in samples)
            {
                var verdict = await verifier.VerifyAsync(sample, cancellationToken);
                var key = verdict.Outcome.ToString().ToLowerInvariant();

                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }

            var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            result[name] = new JsonObject
            {
                ["samples_per_s"] = Math.Round(rate, 1),
                ["ratio_to_parse"] = Math.Round(rate / parseRate, 4),
                ["outcomes"] = new JsonObject(outcomes.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            };
        }

        foreach (var set in new[] { "all_languages", "en_fr_es" })
        {
            var baseline = result[$"language_{set} (baseline)"]!["samples_per_s"]!.GetValue<double>();
            var reasoning = result[$"reasoning_language_{set}"]!["samples_per_s"]!.GetValue<double>();
            result[$"reasoning_language_to_language_{set}"] = Math.Round(reasoning / baseline, 3);
        }

        return result;
    }

    /// <summary>Reasoning samples as JSONL lines: question and answer in the trace's language, answers boxed.</summary>
    private static List<string> Samples(int count)
    {
        var random = new Random(13);
        var byLanguage = File.ReadLines(Path.Combine(RepoRoot(), "examples", "corpus.jsonl"))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .GroupBy(o => o["language"]?.GetValue<string>() ?? "en")
            .ToDictionary(g => g.Key, g => g.SelectMany(o => o["text"]!.GetValue<string>().Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(s => s.Length > 20)
                .Select(s => s + ".")
                .ToArray());
        var languages = byLanguage.Keys.Order(StringComparer.Ordinal).ToArray();
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var language = languages[i % languages.Length];
            var sentences = byLanguage[language];
            var trace = new StringBuilder();
            foreach (var sentence in sentences.OrderBy(_ => random.Next()))
            {
                // Without replacement: the repetition check would rightly reject traces that repeat sentences.
                if (trace.Length >= 3000)
                {
                    break;
                }

                trace.Append(sentence).Append(' ');
            }

            var value = random.Next(10, 1000);
            trace.Append($"\\boxed{{{value}}}");
            var sample = new Sample
            {
                Id = $"r{i}",
                Source = new SourceSpan($"d{i}", 0, 0, 1),
                Messages =
                [
                    new Message(Message.User, sentences[random.Next(sentences.Length)] + " " + sentences[random.Next(sentences.Length)]),
                    new Message(Message.Assistant, sentences[random.Next(sentences.Length)] + $" \\boxed{{{value}}}") { Reasoning = trace.ToString() },
                ],
                Attributes = new Dictionary<string, string> { ["language"] = language },
            };
            lines.Add(JsonSerializer.Serialize(sample, JsonDefaults.Options));
        }

        return lines;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MidTrain.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
