using MidTrain.Core.Verification;
using MidTrain.Verifiers.Math;

namespace MidTrain.Orchestrator.Cli;

/// <summary>The verifier kinds available to <c>midtrain verify KIND</c>; each registers here with one line.</summary>
internal static class LineVerifierCatalog
{
    /// <summary>Kind → factory of the line verifier.</summary>
    public static IReadOnlyDictionary<string, Func<ILineVerifier>> Kinds { get; } = new Dictionary<string, Func<ILineVerifier>>(StringComparer.Ordinal)
    {
        ["math"] = () => new MathLineVerifier(),
        ["citation"] = () => new MidTrain.Verifiers.Citation.CitationLineVerifier(),
        ["code"] = () => new MidTrain.Verifiers.Code.CodeLineVerifier(),
    };
}
