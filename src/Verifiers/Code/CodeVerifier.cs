using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// The pipeline's <c>verify: code</c> stage: runs a sample's code against its tests in the sandbox. The test spec is
/// read from <see cref="Sample.Fields"/> (<c>test</c> + <c>entry_point</c> [+ <c>prompt</c>], <c>tests</c> [+ <c>setup</c>],
/// or <c>cases</c>; optional <c>language</c>, <c>timeout_s</c>, <c>memory_mb</c>) and the code from the <c>code</c> (or
/// <c>completion</c>) field, else from the last assistant message with a fenced block unwrapped. The verdict's details
/// carry the execution result (status, exit code or signal, duration, output excerpts). Thread-safe; concurrency is
/// bounded by the sandbox pool.
/// </summary>
public sealed class CodeVerifier : IVerifier, IDisposable
{
    /// <summary>The verifier name written into verdicts.</summary>
    public const string VerifierName = "code";

    /// <summary>The verifier version written into verdicts.</summary>
    public const string VerifierVersion = "1.1.0";

    private readonly CodeEvaluator _evaluator;
    private readonly bool _ownsSandbox;

    /// <summary>Creates a verifier running programs in <paramref name="sandbox"/>, disposed with this verifier when <paramref name="ownsSandbox"/>.</summary>
    public CodeVerifier(CodeSandbox sandbox, bool ownsSandbox = false, string name = VerifierName)
    {
        _evaluator = new CodeEvaluator(sandbox);
        _ownsSandbox = ownsSandbox;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Version => VerifierVersion;

    /// <summary>The sandbox (for its pool size and languages).</summary>
    public CodeSandbox Sandbox => _evaluator.Sandbox;

    /// <inheritdoc />
    public async ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var started = Stopwatch.GetTimestamp();
        var fields = new JsonObject();
        if (sample.Fields is not null)
        {
            foreach (var (key, value) in sample.Fields)
            {
                fields[key] = JsonNode.Parse(value.GetRawText());
            }
        }

        if (!CodeTestSpecParser.TryParse(fields, sample.LastAssistantContent, _evaluator.Sandbox.Languages, out var spec, out var error))
        {
            return Verdict.Invalid(Name, Version, error!) with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        }

        var evaluation = await _evaluator.EvaluateAsync(spec!, cancellationToken).ConfigureAwait(false);
        return new Verdict
        {
            Name = Name,
            Version = Version,
            Outcome = evaluation.Outcome,
            Score = evaluation.Score,
            Reason = evaluation.Reason,
            Details = JsonSerializer.SerializeToElement(evaluation.ToJson(Name, Version), JsonDefaults.Options),
            DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsSandbox)
        {
            _evaluator.Sandbox.Dispose();
        }
    }
}
