using System.Text.Json;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using FluentAssertions;
using Xunit;

namespace MidTrain.Testing.Conformance;

/// <summary>
/// The contract every <see cref="IVerifier"/> must keep, as a reusable test base: plug-in authors inherit it, supply a
/// verifier and three samples (one that passes, one that fails, one that cannot be verified), and get these checks.
/// Override <see cref="CreateVerifier"/> to skip (<c>Skip.If</c>) where a prerequisite is missing.
/// </summary>
public abstract class VerifierConformanceTests : IDisposable
{
    private IVerifier? _verifier;

    /// <summary>Creates the verifier under test (called once per test; disposed afterwards when disposable).</summary>
    protected abstract IVerifier CreateVerifier();

    /// <summary>A sample the verifier must pass.</summary>
    protected abstract Sample PassingSample { get; }

    /// <summary>A sample the verifier must fail.</summary>
    protected abstract Sample FailingSample { get; }

    /// <summary>A sample the verifier cannot verify (missing field, unparseable): it must answer invalid with a reason.</summary>
    protected abstract Sample MalformedSample { get; }

    /// <summary>Longest a single verification may take in these tests.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <summary>The verifier under test (created on first use).</summary>
    protected IVerifier Verifier => _verifier ??= CreateVerifier();

    /// <summary>Builds a sample with one user and one assistant message and the given fields.</summary>
    protected static Sample MakeSample(string id, string question, string answer, object? fields = null)
    {
        var element = fields is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(fields);
        return new Sample
        {
            Id = id,
            Source = new SourceSpan("doc-" + id, 0, 0, question.Length),
            Messages = [new Message(Message.User, question), new Message(Message.Assistant, answer)],
            Fields = element?.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
        };
    }

    private Task<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default) =>
        Deadline.Within(Verifier.VerifyAsync(sample, cancellationToken).AsTask(), Timeout, "VerifyAsync");

    /// <summary>A verifier names itself and its version.</summary>
    [SkippableFact]
    public void NameAndVersion_AreNonEmpty()
    {
        Verifier.Name.Should().NotBeNullOrWhiteSpace();
        Verifier.Version.Should().NotBeNullOrWhiteSpace();
    }

    /// <summary>The passing sample passes.</summary>
    [SkippableFact]
    public async Task VerifyAsync_PassingSample_Pass()
    {
        var verdict = await VerifyAsync(PassingSample);
        verdict.Outcome.Should().Be(VerdictOutcome.Pass, verdict.Reason);
    }

    /// <summary>The failing sample fails.</summary>
    [SkippableFact]
    public async Task VerifyAsync_FailingSample_Fail()
    {
        var verdict = await VerifyAsync(FailingSample);
        verdict.Outcome.Should().Be(VerdictOutcome.Fail, verdict.Reason);
    }

    /// <summary>"Could not verify" is an invalid verdict with a reason, never an exception.</summary>
    [SkippableFact]
    public async Task VerifyAsync_MalformedSample_InvalidWithReasonNotException()
    {
        var verdict = await VerifyAsync(MalformedSample);
        verdict.Outcome.Should().Be(VerdictOutcome.Invalid);
        verdict.Reason.Should().NotBeNullOrWhiteSpace();
    }

    /// <summary>Every verdict carries the verifier's name and version.</summary>
    [SkippableFact]
    public async Task VerifyAsync_AnySample_VerdictCarriesTheVerifierNameAndVersion()
    {
        foreach (var sample in new[] { PassingSample, FailingSample, MalformedSample })
        {
            var verdict = await VerifyAsync(sample);
            verdict.Name.Should().Be(Verifier.Name);
            verdict.Version.Should().Be(Verifier.Version);
        }
    }

    /// <summary>Concurrent calls give the outcomes sequential calls give.</summary>
    [SkippableFact]
    public async Task VerifyAsync_ConcurrentCalls_SameOutcomesAsOneAtATime()
    {
        var samples = Enumerable.Range(0, 12).Select(i => (i % 3) switch { 0 => PassingSample, 1 => FailingSample, _ => MalformedSample }).ToList();
        var verdicts = await Deadline.Within(Task.WhenAll(samples.Select(s => Verifier.VerifyAsync(s).AsTask())), Timeout * 4, "concurrent VerifyAsync");
        verdicts.Select(v => v.Outcome).Should().Equal(samples.Select(s =>
            ReferenceEquals(s, PassingSample) ? VerdictOutcome.Pass : ReferenceEquals(s, FailingSample) ? VerdictOutcome.Fail : VerdictOutcome.Invalid));
    }

    /// <summary>Cancellation propagates; it is never turned into a verdict.</summary>
    [SkippableFact]
    public async Task VerifyAsync_CancelledToken_ThrowsInsteadOfReturningAVerdict()
    {
        _ = Verifier; // created (or skipped) outside the assertion
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var act = async () => await VerifyAsync(PassingSample, cts.Token);
        await act.Should().ThrowAsync<OperationCanceledException>("cancellation is never turned into data");
    }

    /// <summary>The same sample gets the same outcome and score twice.</summary>
    [SkippableFact]
    public async Task VerifyAsync_SameSampleTwice_SameOutcome()
    {
        var first = await VerifyAsync(FailingSample);
        var second = await VerifyAsync(FailingSample);
        second.Outcome.Should().Be(first.Outcome);
        second.Score.Should().Be(first.Score);
    }

    /// <summary>Disposes the verifier when it is disposable.</summary>
    public void Dispose()
    {
        (_verifier as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }
}
