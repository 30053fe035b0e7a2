namespace MidTrain.Models.Remote;

/// <summary>The keys of a <c>provider: openai</c> model (an OpenAI-compatible endpoint). Defaults live here only.</summary>
public sealed class OpenAiModelOptions
{
    /// <summary>One endpoint URL including <c>/v1</c>; merged into <see cref="Endpoints"/>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Endpoint URLs including <c>/v1</c>, balanced by least outstanding requests.</summary>
    public IReadOnlyList<string> Endpoints { get; set; } = [];

    /// <summary>Name of the environment variable that holds the API key (optional for keyless local servers); the key itself is never written anywhere.</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>All endpoints (<see cref="Endpoint"/> first), de-duplicated.</summary>
    public IReadOnlyList<string> AllEndpoints =>
        (Endpoint is { Length: > 0 } single ? Endpoints.Prepend(single) : Endpoints).Distinct(StringComparer.Ordinal).ToList();
}
