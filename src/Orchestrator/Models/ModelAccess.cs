using Microsoft.Extensions.AI;

namespace MidTrain.Orchestrator.Models;

/// <summary>A model defined under <c>models:</c>, ready for stages: the client (with middleware) and its identity.</summary>
/// <param name="Name">The name in the pipeline YAML.</param>
/// <param name="Client">The chat client.</param>
/// <param name="ModelId">The model id written into lineage.</param>
/// <param name="Fingerprint">GGUF sha256 + size + quantization, or endpoint(s) + model id.</param>
/// <param name="IsTinyTestModel">Whether this is the built-in random-weight model (outputs are meaningless).</param>
public sealed record ModelAccess(string Name, IChatClient Client, string ModelId, string Fingerprint, bool IsTinyTestModel = false)
{
    /// <summary>Figures for the manifest (usage and the like), filled by the model layer.</summary>
    public Func<System.Text.Json.Nodes.JsonObject>? Report { get; init; }

    /// <summary>Releases the model (weights, HTTP handlers).</summary>
    public Func<ValueTask>? Release { get; init; }
}
