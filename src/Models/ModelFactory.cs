using System.Security.Cryptography;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Models;
using MidTrain.Models.Concurrency;
using MidTrain.Models.Gguf;
using MidTrain.Models.Local;
using MidTrain.Models.Middleware;
using MidTrain.Models.Reasoning;
using MidTrain.Models.Remote;
using MidTrain.Models.Remote.Batch;
using MidTrain.Models.Tiny;

namespace MidTrain.Models;

/// <summary>
/// Builds a <see cref="ModelHandle"/> from a <see cref="ModelSpec"/>: loads a GGUF once (or writes and loads the tiny
/// test model), or connects to OpenAI-compatible endpoints, then stacks the middleware with <see cref="ChatClientBuilder"/>.
/// Thread-safe (stateless).
/// </summary>
public static class ModelFactory
{
    /// <summary>Seed of the built-in tiny model (<c>path: tiny</c>).</summary>
    public const ulong TinySeed = 42;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, long, long), string> FingerprintCache = new();

    /// <summary>Builds the model described by <paramref name="spec"/>.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">The spec is invalid (the exception names the key).</exception>
    public static async Task<ModelHandle> CreateAsync(ModelSpec spec, ModelRuntimeOptions runtime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(runtime);
        spec.Validate();
        var logger = runtime.LoggerFactory.CreateLogger("MidTrain.Models." + spec.Name);
        var usage = new ModelUsage();
        IChatClient backend;
        string fingerprint;
        bool isTiny;
        Func<ValueTask> disposeBackend;
        if (spec.IsLocal)
        {
            var path = spec.IsTiny ? EnsureTinyModel(runtime) : spec.Llama.Path!;
            isTiny = spec.IsTiny || IsTinyModelFile(path);
            fingerprint = await LocalFingerprintAsync(path, cancellationToken).ConfigureAwait(false);
            var llama = spec.Llama;
            var settings = new LocalModelSettings(llama.Context, llama.Parallel, llama.EffectiveThreads, llama.GpuLayers, llama.BatchSize, spec.MaxTokens, spec.Seed, spec.Reasoning);
            var local = await LlamaBackend.LoadAsync(path, spec.Model ?? Path.GetFileNameWithoutExtension(path), settings, runtime.LoggerFactory, cancellationToken).ConfigureAwait(false);
            backend = local.Client;
            disposeBackend = local.DisposeAsync;
            if (isTiny)
            {
                logger.LogWarning("model '{Name}' is the built-in tiny random-weight test model: its outputs are meaningless. Point 'path:' at a real GGUF, or use 'provider: openai' with an endpoint, for real data.", spec.Name);
            }
        }
        else
        {
            var endpoints = spec.OpenAi.AllEndpoints;
            var apiKey = spec.OpenAi.ApiKeyEnv is { Length: > 0 } env ? Environment.GetEnvironmentVariable(env) : null;
            if (spec.Batch.Enabled)
            {
                var directory = runtime.StateDirectory
                    ?? throw new Core.Configuration.OptionsValidationException("batch", "batch mode keeps its batch ids in a run directory: run the pipeline with midtrain run");
                var store = new BatchStore(Path.Combine(directory, "batches", Sanitize(spec.Name)), runtime.TimeProvider);
                var api = new OpenAiBatchApi(new Uri(endpoints[0]), apiKey, runtime.TimeProvider);
                backend = new BatchChatClient(api, store, spec.Batch, spec.Model!, spec.Name, runtime.TimeProvider, logger, spec.Reasoning);
            }
            else
            {
                var members = endpoints
                    .Select(e => (IChatClient)new OpenAiEndpointChatClient(new Uri(e.TrimEnd('/') + "/"), spec.Model!, apiKey, runtime.TimeProvider, runtime.LoggerFactory, spec.Reasoning))
                    .ToList();
                backend = spec.Resilience.Concurrency is { IsAdaptive: true } adaptive
                    ? new AdaptivePoolChatClient(endpoints.Zip(members).ToList(), adaptive, spec.Resilience.AttemptTimeout, runtime.TimeProvider, TimeSpan.FromSeconds(5))
                    : members.Count == 1 ? members[0] : new EndpointPoolChatClient(members, runtime.TimeProvider, TimeSpan.FromSeconds(5));
            }

            fingerprint = RemoteFingerprint(endpoints, spec.Model!);
            isTiny = false;
            disposeBackend = () =>
            {
                backend.Dispose();
                return ValueTask.CompletedTask;
            };
        }

        var identity = new ModelIdentity(spec.Name, spec.ModelId, fingerprint, spec.IsLocal ? "llama" : "openai", isTiny);
        var client = Stack(backend, spec, runtime, identity, usage, logger);
        return new ModelHandle(spec, client, backend, fingerprint, usage, isTiny, async () =>
        {
            client.Dispose();
            await disposeBackend().ConfigureAwait(false);
        });
    }

    /// <summary>The fingerprint of a remote model: sorted endpoints and the model id.</summary>
    public static string RemoteFingerprint(IEnumerable<string> endpoints, string modelId) =>
        "openai:" + string.Join(",", endpoints.Select(e => e.TrimEnd('/')).Order(StringComparer.Ordinal)) + "#" + modelId;

    /// <summary>
    /// The fingerprint of a GGUF file: SHA-256 of its bytes, its size and its quantization. Hashing a multi-GB file takes
    /// seconds, so results are remembered for the process by (full path, size, last write time).
    /// </summary>
    public static async Task<string> LocalFingerprintAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc.Ticks);
        if (FingerprintCache.TryGetValue(key, out var known))
        {
            return known;
        }

        var fingerprint = await ComputeFingerprintAsync(path, cancellationToken).ConfigureAwait(false);
        FingerprintCache[key] = fingerprint;
        return fingerprint;
    }

    private static async Task<string> ComputeFingerprintAsync(string path, CancellationToken cancellationToken)
    {
        var quantization = GgufFile.Read(path).Quantization;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return $"gguf:sha256={Convert.ToHexStringLower(hash)};size={stream.Length};quant={quantization}";
    }

    /// <summary>Writes the built-in tiny model (if absent) and returns its path.</summary>
    public static string EnsureTinyModel(ModelRuntimeOptions runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var directory = runtime.ModelDirectory ?? Path.Combine(Path.GetTempPath(), "midtrain-models");
        var path = Path.Combine(directory, $"tiny-{TinySeed}.gguf");
        if (!File.Exists(path))
        {
            TinyModelWriter.Write(path, new TinyModelOptions { Seed = TinySeed });
        }

        return path;
    }

    /// <summary>True when the GGUF at <paramref name="path"/> was written by <see cref="TinyModelWriter"/>.</summary>
    public static bool IsTinyModelFile(string path)
    {
        try
        {
            return GgufFile.Read(path).Metadata.TryGetValue("general.name", out var name) && TinyModelWriter.GeneralName.Equals(name as string, StringComparison.Ordinal);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// Stacks cache → usage → resilience (none in batch mode) → reasoning over <paramref name="backend"/>, under a layer that
    /// answers <c>GetService</c> for the model's <see cref="ModelIdentity"/> and <see cref="ModelUsage"/>. The reasoning
    /// layer (inline traces out of the answer) sits below the cache, so cached replies are already split; settings that
    /// change a request or its split are part of the cache's key.
    /// </summary>
    internal static IChatClient Stack(IChatClient backend, ModelSpec spec, ModelRuntimeOptions runtime, ModelIdentity identity, ModelUsage usage, ILogger logger)
    {
        var fingerprint = identity.Fingerprint!;
        var builder = new ChatClientBuilder(backend);
        if (runtime.CacheDirectory is { } cache)
        {
            var folder = Path.Combine(cache, "models", Sanitize(spec.Name));
            var reasoningKey = spec.Reasoning is null ? "reasoning=off" : spec.Reasoning.CacheKey();
            builder.UseResponseCache(folder, reasoningKey is null ? fingerprint : fingerprint + ";" + reasoningKey, usage);
        }

        builder.UseUsageAccounting(usage);

        // A batch client waits hours by design and handles expiry and resubmission itself: no per-call retries,
        // timeout or breaker above it.
        if (!spec.Batch.Enabled || spec.IsLocal)
        {
            var resilience = spec.Resilience.Clone();
            if (!resilience.IsAdaptive)
            {
                resilience.MaxConcurrency = spec.EffectiveMaxConcurrency;
            }

            builder.UseResilience(resilience, runtime.TimeProvider, logger, usage);
        }

        if (spec.Reasoning?.InlineTags is { } tags)
        {
            builder.UseReasoning(tags, spec.Reasoning.Start);
        }

        builder.Use(inner => new ModelServicesChatClient(inner, identity, usage));
        return builder.Build();
    }

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
