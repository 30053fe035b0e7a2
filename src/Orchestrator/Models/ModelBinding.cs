using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MidTrain.Models;
using MidTrain.Orchestrator.Config;

namespace MidTrain.Orchestrator.Models;

/// <summary>
/// Binds a <c>models:</c> entry of the pipeline YAML to <see cref="ModelSpec"/> and creates the model through
/// <see cref="ModelFactory"/> (response cache in <c>cacheDirectory</c>, by default the run directory's <c>cache/</c>). Every key is checked: unknown keys
/// and invalid values are configuration errors naming file, line and key.
/// </summary>
public static class ModelBinding
{
    /// <summary>The providers.</summary>
    public static IReadOnlyList<string> Providers { get; } = ["llama", "openai"];

    /// <summary>Creates the model <paramref name="name"/> from <paramref name="definition"/>.</summary>
    /// <exception cref="ConfigException">A bad key or value, naming it.</exception>
    public static ModelAccess Create(string name, ConfigMap definition, PipelineConfig config, string cacheDirectory, ILoggerFactory loggerFactory)
    {
        var spec = Bind(name, definition, config);
        ModelHandle handle;
        try
        {
            handle = ModelFactory.CreateAsync(spec, new ModelRuntimeOptions
            {
                CacheDirectory = cacheDirectory,
                ModelDirectory = Path.Combine(cacheDirectory, "tiny-models"),
                LoggerFactory = loggerFactory,
            }).GetAwaiter().GetResult();
        }
        catch (ModelConfigurationException ex)
        {
            throw definition.Error(definition.Has(ex.Key) ? ex.Key : null, ex.Message);
        }

        return new ModelAccess(name, handle.Client, handle.ModelId, handle.Fingerprint, handle.IsTinyTestModel)
        {
            Report = () => new JsonObject
            {
                ["provider"] = spec.Provider,
                ["requests"] = handle.Usage.Requests,
                ["tokens_in"] = handle.Usage.InputTokens,
                ["tokens_out"] = handle.Usage.OutputTokens,
                ["cache_hits"] = handle.Usage.CacheHits,
                ["retries"] = handle.Usage.Retries,
                ["failures"] = handle.Usage.Failures,
                ["circuit_opened"] = handle.Usage.CircuitOpened,
            },
            Release = handle.DisposeAsync,
        };
    }

    /// <summary>Reads and validates the keys of one model definition.</summary>
    public static ModelSpec Bind(string name, ConfigMap d, PipelineConfig config)
    {
        var provider = d.GetChoice("provider", "llama", [.. Providers]);

        // Defaults live in ModelSpec only; the binding just reads overrides.
        var spec = new ModelSpec { Name = name, Provider = provider };
        spec.Model = d.GetString("model");
        spec.MaxConcurrency = d.Has("max_concurrency") ? d.GetInt("max_concurrency", spec.EffectiveMaxConcurrency, 1, 100_000) : null;
        spec.TimeoutSeconds = d.GetDouble("timeout_s", spec.TimeoutSeconds, 0.001, 86_400);
        spec.MaxRetries = d.GetInt("max_retries", spec.MaxRetries, 0, 100);
        spec.RetryDelaySeconds = d.GetDouble("retry_delay_s", spec.RetryDelaySeconds, 0, 3600);
        spec.MaxRetryDelaySeconds = d.GetDouble("max_retry_delay_s", spec.MaxRetryDelaySeconds, 0, 86_400);
        spec.CircuitFailureRatio = d.GetDouble("circuit_failure_ratio", spec.CircuitFailureRatio, 0.01, 1);
        spec.CircuitMinimumThroughput = d.GetInt("circuit_min_calls", spec.CircuitMinimumThroughput, 2, 1_000_000);
        spec.CircuitSamplingSeconds = d.GetDouble("circuit_window_s", spec.CircuitSamplingSeconds, 0.5, 86_400);
        spec.CircuitBreakSeconds = d.GetDouble("circuit_break_s", spec.CircuitBreakSeconds, 0.5, 86_400);
        spec.MaxTokens = d.GetInt("max_tokens", spec.MaxTokens, 1, 1_000_000);
        spec.Seed = d.GetLong("seed", spec.Seed);
        if (provider == "llama")
        {
            var path = d.GetString("path") ?? throw d.Error("path", "is required for provider llama: a GGUF file, or 'tiny' for the built-in test model");
            spec.Path = path == ModelSpec.TinyPath ? path : config.ResolvePath(path);
            spec.Context = d.GetInt("context", spec.Context, 64, 1 << 22);
            spec.Parallel = d.GetInt("parallel", spec.Parallel, 1, 256);
            spec.Threads = d.Has("threads") ? d.GetInt("threads", spec.EffectiveThreads, 1, 1024) : null;
            spec.GpuLayers = d.GetInt("gpu_layers", spec.GpuLayers, 0, 100_000);
            spec.BatchSize = d.GetInt("batch_size", spec.BatchSize, 1, 1 << 20);
        }
        else
        {
            spec.Endpoint = d.GetString("endpoint");
            spec.Endpoints = [.. d.GetStringList("endpoints") ?? []];
            spec.ApiKeyEnv = d.GetString("api_key_env");
        }

        d.EnsureAllUsed();
        try
        {
            spec.Validate();
        }
        catch (ModelConfigurationException ex)
        {
            throw d.Error(d.Has(ex.Key) ? ex.Key : null, ex.Message);
        }

        return spec;
    }
}
