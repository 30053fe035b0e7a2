using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Verification;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// <c>midtrain verify code --in F.jsonl --out F.jsonl</c>: each input line holds one test spec (HumanEval, assert list
/// or stdin/stdout cases, see <see cref="CodeTestSpecParser"/>) and gets a <c>verdict</c> with <c>outcome</c>,
/// <c>score</c>, <c>reason</c>, <c>status</c>, <c>exit_code</c>, <c>signal</c>, <c>duration_ms</c>, output excerpts and
/// flags. Creating it checks the sandbox and throws <see cref="SandboxUnavailableException"/> when bubblewrap is
/// missing (unless <c>MIDTRAIN_CODE_UNSANDBOXED=1</c>). Thread-safe; dispose to release the pool.
/// </summary>
public sealed class CodeLineVerifier : ILineVerifier, IDisposable
{
    private readonly CodeSandbox _sandbox;
    private readonly bool _ownsSandbox;
    private readonly CodeEvaluator _evaluator;

    /// <summary>Creates a verifier with options from the environment (<see cref="SandboxOptions.FromEnvironment"/>).</summary>
    public CodeLineVerifier()
        : this(SandboxOptions.FromEnvironment())
    {
    }

    /// <summary>Creates a verifier with its own sandbox built from <paramref name="options"/>.</summary>
    public CodeLineVerifier(SandboxOptions options, ILogger? logger = null)
        : this(CodeSandbox.Create(options, logger), ownsSandbox: true)
    {
    }

    /// <summary>Creates a verifier on an existing <paramref name="sandbox"/>, disposed with this verifier when <paramref name="ownsSandbox"/>.</summary>
    public CodeLineVerifier(CodeSandbox sandbox, bool ownsSandbox = false)
    {
        _sandbox = sandbox ?? throw new ArgumentNullException(nameof(sandbox));
        _ownsSandbox = ownsSandbox;
        _evaluator = new CodeEvaluator(sandbox);
    }

    /// <inheritdoc />
    public string Kind => "code";

    /// <summary>The verifier version written into verdicts.</summary>
    public static string Version => "1.0.0";

    /// <inheritdoc />
    public int DefaultConcurrency => _sandbox.MaxConcurrency;

    /// <inheritdoc />
    public async ValueTask<JsonObject> VerifyLineAsync(JsonObject line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!CodeTestSpecParser.TryParse(line, null, _sandbox.Languages, out var spec, out var error))
        {
            return new JsonObject { ["name"] = Kind, ["version"] = Version, ["outcome"] = "invalid", ["reason"] = error };
        }

        var evaluation = await _evaluator.EvaluateAsync(spec!, cancellationToken).ConfigureAwait(false);
        return evaluation.ToJson(Kind, Version);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsSandbox)
        {
            _sandbox.Dispose();
        }
    }
}
