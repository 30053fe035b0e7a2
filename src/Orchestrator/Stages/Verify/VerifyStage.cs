using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Components;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Verify;

/// <summary>
/// <c>verify: NAME</c>: runs a verifier on each sample and appends its verdict. <c>pass</c> goes on; <c>fail</c> is
/// rejected with the verdict as evidence; <c>invalid</c> ("could not verify") follows <c>on_invalid</c>:
/// <c>reject</c> (default), <c>keep</c> (go on, verdict recorded) or <c>fail</c> (into failed.jsonl). Thread-safe when
/// the verifier is.
/// </summary>
public sealed class VerifyStage : Stage<Sample, Sample>
{
    private readonly IVerifier _verifier;
    private readonly InvalidVerdictPolicy _onInvalid;
    private readonly Filters.Language.SteeringCompliance _compliance = new();
    private long _pass;
    private long _fail;
    private long _invalid;

    /// <summary>Creates the stage; it disposes <paramref name="verifier"/> when it is disposed.</summary>
    public VerifyStage(string name, int concurrency, int capacity, IVerifier verifier, InvalidVerdictPolicy onInvalid)
        : base(name, concurrency, capacity)
    {
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _onInvalid = onInvalid;
    }

    /// <inheritdoc />
    protected override async ValueTask ProcessAsync(Sample payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var verdict = await _verifier.VerifyAsync(payload, cancellationToken).ConfigureAwait(false);
        var sample = payload.WithVerdict(verdict);
        if (verdict.Name == "language")
        {
            // Did the generator write in the language it was asked for? (the generation report's steering compliance)
            _compliance.Record(verdict);
        }

        switch (verdict.Outcome)
        {
            case VerdictOutcome.Pass:
                Interlocked.Increment(ref _pass);
                await output.EmitAsync(sample, cancellationToken).ConfigureAwait(false);
                break;
            case VerdictOutcome.Fail:
                Interlocked.Increment(ref _fail);
                await output.RejectAsync(sample, Rejected(verdict), cancellationToken).ConfigureAwait(false);
                break;
            default:
                Interlocked.Increment(ref _invalid);
                switch (_onInvalid)
                {
                    case InvalidVerdictPolicy.Keep:
                        await output.EmitAsync(sample, cancellationToken).ConfigureAwait(false);
                        break;
                    case InvalidVerdictPolicy.Fail:
                        throw new Core.Failures.ItemFailureException("verify_invalid", $"{verdict.Name}: could not verify: {verdict.Reason}");
                    default:
                        await output.RejectAsync(sample, Rejected(verdict), cancellationToken).ConfigureAwait(false);
                        break;
                }

                break;
        }
    }

    private Rejection Rejected(Verdict verdict) => new()
    {
        Stage = Name,
        By = verdict.Name,
        Reason = $"{verdict.Outcome.ToString().ToLowerInvariant()}: {verdict.Reason}",
        Evidence = JsonSerializer.SerializeToElement(verdict, JsonDefaults.Options),
    };

    /// <inheritdoc />
    public override JsonObject Report()
    {
        var report = new JsonObject
        {
            ["verifier"] = $"{_verifier.Name}@{_verifier.Version}",
            ["pass"] = Interlocked.Read(ref _pass),
            ["fail"] = Interlocked.Read(ref _fail),
            ["invalid"] = Interlocked.Read(ref _invalid),
        };
        if (_verifier.Name == "language")
        {
            report["steering_compliance"] = _compliance.ToJson();
        }

        return report;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await ComponentLifetime.DisposeAsync(_verifier).ConfigureAwait(false);

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
