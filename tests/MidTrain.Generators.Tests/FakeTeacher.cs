using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;

namespace MidTrain.Generators.Tests;

/// <summary>A deterministic fake model whose replies depend on the prompt and the seed, like a real sampled model.</summary>
internal static class FakeTeacher
{
    /// <summary>The identity the fake reports, as a run's model clients do.</summary>
    public static ModelIdentity Identity { get; } = new("teacher", "fake-teacher", "endpoint=test;model=fake", "openai");

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
