using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// Runs several verifiers in order and reports one verdict: <see cref="VerdictOutcome.Pass"/> only if all pass,
/// the first <see cref="VerdictOutcome.Fail"/> otherwise, and <see cref="VerdictOutcome.Invalid"/> if any could not
/// verify and none failed. The individual verdicts are kept in the details. Thread-safe when its parts are.
/// </summary>
public sealed class CompositeVerifier : IVerifier
{
    private readonly IReadOnlyList<IVerifier> _verifiers;

    /// <summary>Creates a composite of <paramref name="verifiers"/> (at least one).</summary>
    public CompositeVerifier(string name, IEnumerable<IVerifier> verifiers)
    {
        Name = name;
        _verifiers = verifiers.ToArray();
        if (_verifiers.Count == 0)
        {
            throw new ArgumentException("A composite verifier needs at least one verifier.", nameof(verifiers));
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Version => string.Join('+', _verifiers.Select(v => $"{v.Name}@{v.Version}"));

    /// <inheritdoc />
    public async ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var verdicts = new List<Verdict>(_verifiers.Count);
        foreach (var verifier in _verifiers)
        {
            verdicts.Add(await verifier.VerifyAsync(sample, cancellationToken).ConfigureAwait(false));
        }

        var failed = verdicts.FirstOrDefault(v => v.Outcome == VerdictOutcome.Fail);
        var invalid = verdicts.FirstOrDefault(v => v.Outcome == VerdictOutcome.Invalid);
        var outcome = failed is not null ? VerdictOutcome.Fail : invalid is not null ? VerdictOutcome.Invalid : VerdictOutcome.Pass;
        var deciding = failed ?? invalid;
        return new Verdict
        {
            Name = Name,
            Version = Version,
            Outcome = outcome,
            Reason = deciding is null ? null : $"{deciding.Name}: {deciding.Reason}",
            Details = System.Text.Json.JsonSerializer.SerializeToElement(verdicts, Jsonl.JsonDefaults.Options),
            DurationMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
    }
}
