using System.Diagnostics;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Tests.Plugins.Fixtures;

/// <summary>A small in-repo IVerifier, loaded by the assembly-plug-in tests through its own load context.</summary>
public sealed class AnswerContainsVerifier(IReadOnlyDictionary<string, string> settings) : IVerifier
{
    public AnswerContainsVerifier()
        : this(new Dictionary<string, string>())
    {
    }

    public string Name => settings.TryGetValue("name", out var name) ? name : "answer_contains";

    public string Version => "1";

    public ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        if (sample.Fields is null || !sample.Fields.TryGetValue("expected", out var expected) || expected.ValueKind != System.Text.Json.JsonValueKind.String)
        {
            return ValueTask.FromResult(Verdict.Invalid(Name, Version, "the sample has no string field 'expected'"));
        }

        var answer = sample.LastAssistantContent;
        if (answer is null)
        {
            return ValueTask.FromResult(Verdict.Invalid(Name, Version, "the sample has no assistant message"));
        }

        var found = answer.Contains(expected.GetString()!, StringComparison.OrdinalIgnoreCase);
        return ValueTask.FromResult(new Verdict
        {
            Name = Name,
            Version = Version,
            Outcome = found ? VerdictOutcome.Pass : VerdictOutcome.Fail,
            Score = found ? 1 : 0,
            Reason = found ? null : "the answer does not contain the expected text",
            DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        });
    }
}
