using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;
using MidTrain.Models.Local;
using MidTrain.Models.Middleware;
using MidTrain.Models.Reasoning;
using MidTrain.Models.Pricing;
using MidTrain.Models.Remote;
using MidTrain.Models.Remote.Batch;

namespace MidTrain.Models;

/// <summary>
/// One entry of the pipeline YAML's <c>models:</c> section (DESIGN §5b): the provider and the keys every model has
/// (<c>model</c>, <c>max_tokens</c>, <c>seed</c>), the provider's own keys (<see cref="Llama"/> or <see cref="OpenAi"/>)
/// and the resilience keys (<see cref="Resilience"/>). <see cref="Bind"/> reads it from configuration (a key of the
/// other provider is an error); <see cref="Validate"/> checks the whole. Treat as read-only once validated.
/// </summary>
public sealed class ModelSpec
{
    /// <summary>The word <c>path: tiny</c> uses for the built-in random-weight test model.</summary>
    public const string TinyPath = "tiny";

    /// <summary>The model's name in the YAML (the key under <c>models:</c>); used in messages and cache paths.</summary>
    [ConfigIgnore]
    public string Name { get; set; } = "model";

    /// <summary>Where the model runs (default <c>llama</c>).</summary>
    public ModelProvider Provider { get; set; } = ModelProvider.Llama;

    /// <summary>The model id sent to the server (openai); for llama an optional display id (default: the file name).</summary>
    public string? Model { get; set; }

    /// <summary>Output token limit when a request sets none (default 512).</summary>
    [Range(1, 1_000_000)]
    public int MaxTokens { get; set; } = 512;

    /// <summary>Sampling seed when a request sets none (llama; default 0, so unseeded calls are still reproducible).</summary>
    public long Seed { get; set; }

    /// <summary>
    /// The <c>reasoning:</c> keys: inline trace tags, effort and budget, local reasoning grammar (default: traces in
    /// <c>&lt;think&gt;</c> tags are parsed); <c>reasoning: false</c> turns inline parsing off.
    /// </summary>
    [ConfigConverter(typeof(OptionalOptionsConverter<ModelReasoningOptions>))]
    public ModelReasoningOptions? Reasoning { get; set; } = new();

    /// <summary>What the model costs (<c>price: {input_per_mtok, output_per_mtok, cached_input_per_mtok, batch_discount}</c>), or null when the pipeline does not say.</summary>
    public ModelPrice? Price { get; set; }

    /// <summary>The <c>provider: llama</c> keys.</summary>
    [ConfigIgnore]
    public LlamaModelOptions Llama { get; set; } = new();

    /// <summary>The <c>provider: openai</c> keys.</summary>
    [ConfigIgnore]
    public OpenAiModelOptions OpenAi { get; set; } = new();

    /// <summary>The batch keys (<c>provider: openai</c>): <c>batch: true</c> and its limits.</summary>
    [ConfigIgnore]
    public BatchOptions Batch { get; set; } = new();

    /// <summary>The resilience keys (both providers).</summary>
    [ConfigIgnore]
    public ResilienceOptions Resilience { get; set; } = new();

    /// <summary>True for <c>provider: llama</c>.</summary>
    public bool IsLocal => Provider == ModelProvider.Llama;

    /// <summary>True when the local path is <c>tiny</c>.</summary>
    public bool IsTiny => IsLocal && string.Equals(Llama.Path, TinyPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The effective concurrency limit: a fixed <c>max_concurrency</c>, else 2 × parallel (local) or 16 (remote); for an
    /// adaptive limit (<c>max_concurrency: auto</c>) its upper bound per endpoint.
    /// </summary>
    public int EffectiveMaxConcurrency => Resilience.Concurrency is { IsAdaptive: true } adaptive ? adaptive.Max
        : Resilience.MaxConcurrency ?? (IsLocal ? Llama.Parallel * 2 : 16);

    /// <summary>The model id reported in lineage (the served model id, or the GGUF file name).</summary>
    public string ModelId => Model ?? (IsLocal && Llama.Path is { } p ? System.IO.Path.GetFileNameWithoutExtension(p) : Name);

    /// <summary>
    /// Reads the model <paramref name="name"/> from its <c>models:</c> entry: the common keys, the resilience keys and the
    /// keys of its provider; any other key is an error naming the file, line and key. Relative GGUF paths go through
    /// <paramref name="resolvePath"/>.
    /// </summary>
    /// <exception cref="ConfigException">A key is unknown or invalid.</exception>
    public static ModelSpec Bind(string name, ConfigMapping definition, Func<string, string>? resolvePath = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var spec = new ModelSpec { Name = name };
        var known = new HashSet<string>(StringComparer.Ordinal);
        void Part(object target)
        {
            known.UnionWith(OptionsBinder.KeysOf(target.GetType()));
            OptionsBinder.BindInto(target, definition, known);
        }

        Part(spec); // the common keys first: the provider decides which provider's keys are allowed
        Part(spec.Resilience);
        Part(spec.IsLocal ? spec.Llama : spec.OpenAi);
        if (!spec.IsLocal)
        {
            Part(spec.Batch);
        }

        definition.EnsureOnly(known);
        if (spec.IsLocal && spec.Llama.Path is { } path && !spec.IsTiny && resolvePath is not null)
        {
            spec.Llama.Path = resolvePath(path);
        }

        OptionsBinder.Located(definition, () =>
        {
            spec.Validate();
            return spec;
        });
        return spec;
    }

    /// <summary>
    /// Checks the whole definition (not an <see cref="IValidatableOptions"/>: its parts are bound after its own keys);
    /// throws <see cref="OptionsValidationException"/> naming the first bad key.
    /// </summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new OptionsValidationException(null, "a model needs a name");
        }

        Resilience.Validate();
        Reasoning?.Validate();
        if (IsLocal)
        {
            if (Reasoning is { Effort: not null })
            {
                throw new OptionsValidationException("reasoning.effort", "is sent to OpenAI-compatible servers; a local model has no effort setting");
            }

            if (Reasoning is { MaxTokens: not null })
            {
                throw new OptionsValidationException("reasoning.max_tokens", "is sent to OpenAI-compatible servers; bound a local model's trace with reasoning.grammar_max_chars");
            }

            if (string.IsNullOrWhiteSpace(Llama.Path))
            {
                throw new OptionsValidationException("path", "is required for provider llama: a GGUF file, or 'tiny' for the built-in test model");
            }

            if (!IsTiny && !File.Exists(Llama.Path))
            {
                throw new OptionsValidationException("path", $"GGUF file not found: {Llama.Path}");
            }

            if (Resilience.IsAdaptive)
            {
                throw new OptionsValidationException("max_concurrency", "auto adapts to a remote server's capacity; a local model decodes 'parallel' sequences at once, so give a number");
            }

            if (MaxTokens >= Llama.Context)
            {
                throw new OptionsValidationException("max_tokens", $"must be below context ({Llama.Context})");
            }

            return;
        }

        if (Reasoning is { Grammar: not LocalReasoningGrammar.Off })
        {
            throw new OptionsValidationException("reasoning.grammar", "applies to local models (provider llama); a server enforces its own structured output");
        }

        var endpoints = OpenAi.AllEndpoints;
        if (endpoints.Count == 0)
        {
            throw new OptionsValidationException("endpoint", "an openai model needs 'endpoint' or 'endpoints'");
        }

        foreach (var endpoint in endpoints)
        {
            var key = OpenAi.Endpoints.Contains(endpoint) ? "endpoints" : "endpoint";
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new OptionsValidationException(key, $"not an http(s) URL: {endpoint}");
            }

            if (!uri.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal))
            {
                throw new OptionsValidationException(key, $"must end with /v1 (e.g. http://127.0.0.1:8000/v1), got {endpoint}");
            }
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new OptionsValidationException("model", "an openai model needs 'model' (the id the server serves)");
        }

        if (Batch.Enabled && endpoints.Count > 1)
        {
            throw new OptionsValidationException("batch", "batch: true sends requests to one provider's batch API: give a single 'endpoint'");
        }

        if (OpenAi.ApiKeyEnv is { Length: > 0 } env && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(env)))
        {
            throw new OptionsValidationException("api_key_env", $"environment variable {env} is not set");
        }
    }
}
