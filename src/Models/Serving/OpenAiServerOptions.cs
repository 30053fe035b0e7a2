namespace MidTrain.Models.Serving;

/// <summary>Where and what <see cref="OpenAiCompatibleServer"/> serves. Immutable.</summary>
public sealed class OpenAiServerOptions
{
    /// <summary>Address to bind; loopback by default so nothing is exposed unless asked.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one (see <see cref="OpenAiCompatibleServer.BaseAddress"/>).</summary>
    public int Port { get; init; } = 8000;

    /// <summary>The model id listed by <c>/v1/models</c> and echoed in responses.</summary>
    public string ModelId { get; init; } = "local";
}
