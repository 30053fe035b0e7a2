using System.Diagnostics;
using System.Globalization;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;

namespace ExampleVerifiers;

/// <summary>
/// Example .NET plug-in: passes a sample whose last assistant answer has between <c>min_words</c> and <c>max_words</c>
/// words (settings from the pipeline YAML). A sample without an assistant answer is <c>invalid</c>, never an exception.
/// Stateless, so it is safe to call concurrently, as <see cref="IVerifier"/> requires.
/// </summary>
public sealed class WordCountVerifier : IVerifier
{
    private readonly int _min;
    private readonly int _max;

    /// <summary>Creates the verifier from its settings (<c>min_words</c>, default 1; <c>max_words</c>, default 10000).</summary>
    public WordCountVerifier(IReadOnlyDictionary<string, string> settings)
    {
        _min = settings.TryGetValue("min_words", out var min) ? int.Parse(min, CultureInfo.InvariantCulture) : 1;
        _max = settings.TryGetValue("max_words", out var max) ? int.Parse(max, CultureInfo.InvariantCulture) : 10_000;
        if (_min < 0 || _max < _min)
        {
            throw new ArgumentException($"word_count: need 0 <= min_words <= max_words (got {_min}, {_max})");
        }
    }

    /// <inheritdoc />
    public string Name => "word_count";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var answer = sample.LastAssistantContent;
        if (answer is null)
        {
            return ValueTask.FromResult(Verdict.Invalid(Name, Version, "the sample has no assistant message"));
        }

        var words = answer.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var ok = words >= _min && words <= _max;
        return ValueTask.FromResult(new Verdict
        {
            Name = Name,
            Version = Version,
            Outcome = ok ? VerdictOutcome.Pass : VerdictOutcome.Fail,
            Score = words,
            Reason = ok ? null : $"{words} words, outside [{_min}, {_max}]",
            DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        });
    }
}
