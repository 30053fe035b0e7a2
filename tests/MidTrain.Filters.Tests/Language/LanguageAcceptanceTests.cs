using System.Diagnostics;
using System.Text;
using MidTrain.Filters.Language;
using Xunit.Abstractions;

namespace MidTrain.Filters.Tests.Language;

/// <summary>
/// Issue 12's acceptance: on 340 hand-written sentences in 10 languages (Language/Data/sentences.tsv), the default
/// identifier (all 79 Lingua languages as candidates, low-accuracy mode) is right at least 95% of the time; the test
/// prints the confusion per language.
/// </summary>
public sealed class LanguageAcceptanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Identify_LabelledSentences_AccuracyAtLeast95Percent()
    {
        var sentences = LabelledSentences.Load();
        sentences.Should().HaveCountGreaterThanOrEqualTo(300);
        sentences.Select(s => s.Language).Distinct().Should().HaveCountGreaterThanOrEqualTo(8);
        sentences.Should().OnlyContain(s => s.Text.Length >= 40);

        var started = Stopwatch.GetTimestamp();
        var identifier = new LanguageIdentifier();
        var loaded = Stopwatch.GetElapsedTime(started);
        var confusion = new Dictionary<string, Dictionary<string, int>>();
        var errors = new List<string>();
        foreach (var (language, text) in sentences)
        {
            var guess = identifier.Identify(text);
            var detected = guess.Code ?? "?";
            var row = confusion.TryGetValue(language, out var r) ? r : confusion[language] = [];
            row[detected] = row.GetValueOrDefault(detected) + 1;
            if (detected != language)
            {
                errors.Add($"{language} → {detected} ({guess.Confidence:F2}): {text}");
            }
        }

        var correct = sentences.Count - errors.Count;
        var accuracy = (double)correct / sentences.Count;
        output.WriteLine($"identifier: {identifier.Languages.Count} candidate languages, {identifier.Accuracy} accuracy, built in {loaded.TotalSeconds:F1} s");
        output.WriteLine($"accuracy {accuracy:P1} ({correct}/{sentences.Count})");
        foreach (var (language, row) in confusion.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var line = new StringBuilder($"{language}: {row.GetValueOrDefault(language)}/{row.Values.Sum()} correct");
            foreach (var (detected, count) in row.Where(kv => kv.Key != language).OrderByDescending(kv => kv.Value))
            {
                line.Append($", {count} as {detected}");
            }

            output.WriteLine(line.ToString());
        }

        foreach (var error in errors)
        {
            output.WriteLine(error);
        }

        accuracy.Should().BeGreaterThanOrEqualTo(0.95);
    }
}
