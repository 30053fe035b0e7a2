using Microsoft.Extensions.AI;

namespace MidTrain.Generators.Common;

/// <summary>A model as generators use it: the client plus what lineage records about it.</summary>
/// <param name="Client">The chat client (with its middleware).</param>
/// <param name="Name">The model id written into lineage.</param>
/// <param name="Fingerprint">GGUF sha256 or endpoint + model id, or null.</param>
public sealed record GenerationModel(IChatClient Client, string Name, string? Fingerprint);
