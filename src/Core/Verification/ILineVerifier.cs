using System.Text.Json.Nodes;

namespace MidTrain.Core.Verification;

/// <summary>
/// The per-line contract behind <c>midtrain verify KIND --in F --out F</c>: from one parsed input line, the
/// <c>verdict</c> object to append to it. Malformed input is answered with a verdict whose <c>outcome</c> is
/// <c>invalid</c> and a reason, never with an exception. Implementations must be safe to call concurrently.
/// </summary>
public interface ILineVerifier
{
    /// <summary>The verifier kind as named on the command line, e.g. <c>math</c>.</summary>
    string Kind { get; }

    /// <summary>How many lines to verify at once by default (e.g. cores for CPU-bound checks).</summary>
    int DefaultConcurrency => Environment.ProcessorCount;

    /// <summary>Computes the verdict object for <paramref name="line"/>.</summary>
    ValueTask<JsonObject> VerifyLineAsync(JsonObject line, CancellationToken cancellationToken = default);
}
