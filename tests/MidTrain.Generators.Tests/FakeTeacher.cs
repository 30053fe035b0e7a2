using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;

namespace MidTrain.Generators.Tests;

/// <summary>A deterministic fake model whose replies depend on the prompt and the seed, like a real sampled model.</summary>
internal static class FakeTeacher
{
    /// <summary>The identity the fake reports, as a run's model clients do.</summary>
    public static ModelIdentity Identity { get; } = new("teacher", "fake-teacher", "endpoint=test;model=fake", "openai");

    /// <summary>
    /// A long-context question writer: quotes the first sentence of each passage it is shown (or, with
    /// <paramref name="swapQuotes"/>, gives the quotes in reverse order), with a question that varies with the seed.
    /// </summary>
    public static ScriptedChatClient LongContext(bool swapQuotes = false) => new((messages, options, _) =>
    {
        var prompt = messages[^1].Text;
        var passages = System.Text.RegularExpressions.Regex.Matches(prompt, "Passage (\\d+) \\(Document (\\d+)\\):\n\"\"\"\n(.*?)\n\"\"\"", System.Text.RegularExpressions.RegexOptions.Singleline);
        var quotes = passages.Select(m => m.Groups[3].Value.Split(". ")[0].TrimEnd('.') + ".").ToList();
        if (swapQuotes)
        {
            quotes.Reverse();
        }

        var documents = string.Join(" and ", passages.Select(m => m.Groups[2].Value));
        return JsonSerializer.Serialize(new
        {
            question = $"What do the records of documents {documents} state (variant {options?.Seed % 100_003})?",
            answer = $"They state it {passages.Count} times.",
            evidence = quotes,
        });
    }) { Identity = Identity };

    public static ScriptedChatClient Backtranslation() => new((messages, options, _) =>
    {
        var prompt = messages[^1].Text;
        var seed = options?.Seed ?? 0;
        if (prompt.Contains("Answer this request", StringComparison.Ordinal))
        {
            return JsonSerializer.Serialize(new { answer = $"Answer {seed % 997}" });
        }

        string Line(string key)
        {
            var start = prompt.IndexOf(key, StringComparison.Ordinal);
            return start < 0 ? "?" : prompt[(start + key.Length)..].Split('\n')[0].Trim();
        }

        return JsonSerializer.Serialize(new { question = $"As {Line("the user:")}, in {Line("language of the request:")}, {Line("kind of request:")} #{seed % 100_003}" });
    }) { Identity = Identity };
}
