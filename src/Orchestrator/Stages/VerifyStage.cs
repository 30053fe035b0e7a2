using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Pipeline;
using MidTrain.Verifiers.Code;
using MidTrain.Verifiers.Plugins;

namespace MidTrain.Orchestrator.Stages;

/// <summary>
/// <c>verify: NAME</c>: runs a verifier on each sample and appends its verdict. <c>pass</c> goes on; <c>fail</c> is
/// rejected with the verdict as evidence; <c>invalid</c> ("could not verify") follows <c>on_invalid</c>:
/// <c>reject</c> (default), <c>keep</c> (go on, verdict recorded) or <c>fail</c> (into failed.jsonl). Thread-safe when
/// the verifier is.
/// </summary>
public sealed class VerifyStage : Stage<Sample, Sample>
{
    private readonly IVerifier _verifier;
    private readonly string _onInvalid;
    private long _pass;
    private long _fail;
    private long _invalid;

    private VerifyStage(StageOptions options, IVerifier verifier, string onInvalid)
        : base(options.Name, options.Concurrency, options.Capacity)
    {
        _verifier = verifier;
        _onInvalid = onInvalid;
    }

    /// <summary>Builds the stage from its spec.</summary>
    public static VerifyStage Create(StageSpec spec, StageBuildContext context)
    {
        var o = spec.Options;
        var isPlugin = spec.Value is YamlDotNet.RepresentationModel.YamlMappingNode;
        var name = spec.ValueText ?? string.Empty;
        Func<ConfigMap, StageBuildContext, IVerifier>? factory = null;
        if (!isPlugin && !VerifierCatalog.Factories.TryGetValue(name, out factory))
        {
            throw o.Error(spec.Kind, $"unknown verifier '{name}' (known: {string.Join(", ", VerifierCatalog.Factories.Keys.Order(StringComparer.Ordinal))}, or a plug-in mapping {{plugin: process|dotnet, ...}})");
        }

        var options = StageOptions.Read(spec, defaultConcurrency: Environment.ProcessorCount);
        if (isPlugin && o.GetString("name") is null)
        {
            options = options with { Name = "verify:plugin" };
        }

        var onInvalid = o.GetChoice("on_invalid", "reject", "reject", "keep", "fail");
        IVerifier verifier;
        try
        {
            verifier = isPlugin ? VerifierCatalog.Plugin(spec.InlineOrOptions, context) : factory!(o, context);
        }
        catch (ArgumentException ex)
        {
            throw o.Error(ex.ParamName is { } key && o.Has(key) ? key : null, ex.Message);
        }
        catch (PluginException ex)
        {
            throw o.Error(spec.Kind, ex.Message);
        }
        catch (SandboxUnavailableException ex)
        {
            throw o.Error(spec.Kind, ex.Message);
        }

        o.EnsureAllUsed();
        return new VerifyStage(options, verifier, onInvalid);
    }

    /// <inheritdoc />
    protected override async ValueTask ProcessAsync(Sample payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var verdict = await _verifier.VerifyAsync(payload, cancellationToken).ConfigureAwait(false);
        var sample = payload.WithVerdict(verdict);
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
                    case "keep":
                        await output.EmitAsync(sample, cancellationToken).ConfigureAwait(false);
                        break;
                    case "fail":
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
    public override JsonObject Report() => new()
    {
        ["verifier"] = $"{_verifier.Name}@{_verifier.Version}",
        ["pass"] = Interlocked.Read(ref _pass),
        ["fail"] = Interlocked.Read(ref _fail),
        ["invalid"] = Interlocked.Read(ref _invalid),
    };

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        switch (_verifier)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
