using MidTrain.Core.Configuration;

namespace MidTrain.Models.Serving;

/// <summary>
/// Where and what <see cref="OpenAiCompatibleServer"/> serves, who may call it and how much it takes on: the shared
/// hosting settings of <see cref="ServiceHostOptions"/> (here port 8000, 8 chat requests at once, a queue of 64, bodies
/// up to 8 MiB) and the model ids and token limit. Defaults live here and in the base only (<c>midtrain serve</c> passes
/// a flag's value only when it is given). Call <see cref="Validate"/> after building by hand; the server calls it too.
/// Init-only: the server reads it once.
/// </summary>
public sealed class OpenAiServerOptions : ServiceHostOptions
{
    /// <summary>
    /// The defaults: port 8000, <see cref="ServiceHostOptions.Parallel"/> 8 (<c>midtrain serve</c> uses its
    /// <c>--parallel</c>, the batch size), <see cref="ServiceHostOptions.MaxQueue"/> 64, bodies up to 8 MiB.
    /// </summary>
    public OpenAiServerOptions()
        : base(port: 8000, parallel: 8, maxQueue: 64, maxRequestBodyBytes: 8L * 1024 * 1024, exposure: "use the model")
    {
    }

    /// <summary>The chat model id listed by <c>/v1/models</c>, required in requests and echoed in responses.</summary>
    public string ModelId { get; init; } = "local";

    /// <summary>The embedding model id (when an embedding generator is served).</summary>
    public string? EmbeddingModelId { get; init; }

    /// <summary>
    /// Largest <c>max_tokens</c> / <c>max_completion_tokens</c> a request may ask for (default 4096); larger values get
    /// 400. A request that sets neither gets the backend's default (512 for <c>midtrain serve</c>).
    /// </summary>
    public int MaxTokensLimit { get; init; } = 4096;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(ModelId))
        {
            throw new OptionsValidationException("model_id", "must not be empty");
        }

        if (MaxTokensLimit < 1)
        {
            throw new OptionsValidationException("max_tokens_limit", "must be at least 1");
        }
    }
}
