using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Models;
using MidTrain.Models.Concurrency;
using MidTrain.Models.Pricing;
using MidTrain.Models.Remote.Batch;

namespace MidTrain.Orchestrator.Models;

/// <summary>
/// The models of a run (<see cref="IModelCatalog"/>): created on first use from their <c>models:</c> entry (so an
/// unused model costs nothing), shared by every stage that names them, released at the end of the run. Each client
/// carries its <see cref="ModelIdentity"/> and <see cref="ModelUsage"/> as services. Thread-safe.
/// </summary>
public sealed class ModelRegistry : IModelCatalog, IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, ConfigMapping> _definitions;
    private readonly Func<string, ConfigMapping, IChatClient> _create;
    private readonly Dictionary<string, IChatClient> _created = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly object _gate = new();

    /// <summary>Creates a registry over the pipeline's model definitions.</summary>
    /// <param name="definitions">The <c>models:</c> section by name.</param>
    /// <param name="create">Builds a model from its definition (throws <see cref="ConfigException"/> for bad keys).</param>
    public ModelRegistry(IReadOnlyDictionary<string, ConfigMapping> definitions, Func<string, ConfigMapping, IChatClient> create)
    {
        _definitions = definitions;
        _create = create;
    }

    /// <summary>Raised once per model when it is created (the CLI warns about the tiny test model).</summary>
    public event Action<ModelIdentity>? ModelCreated;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Names => _definitions.Keys.ToArray();

    /// <summary>
    /// The model layer's factory: binds the definition (<see cref="ModelSpec.Bind"/>) and builds the model with its
    /// middleware (response cache in <paramref name="runtime"/>'s cache directory).
    /// </summary>
    public static Func<string, ConfigMapping, IChatClient> Default(ModelRuntimeOptions runtime, Func<string, string> resolvePath) => (name, definition) =>
    {
        var spec = ModelSpec.Bind(name, definition, resolvePath);
        var handle = OptionsBinder.Located(definition, () => ModelFactory.CreateAsync(spec, runtime).GetAwaiter().GetResult());
        return new OwningChatClient(handle);
    };

    /// <inheritdoc />
    public IChatClient Get(string name, string key = "model")
    {
        lock (_gate)
        {
            if (_created.TryGetValue(name, out var existing))
            {
                return existing;
            }

            if (!_definitions.TryGetValue(name, out var definition))
            {
                throw new OptionsValidationException(key, $"model '{name}' is not defined under models: (defined: {(_definitions.Count == 0 ? "none" : string.Join(", ", _definitions.Keys))})");
            }

            var model = _create(name, definition);
            _created[name] = model;
            var (price, batch) = PricingOf(definition);
            _accounts[name] = new Account(model, model.GetService(typeof(ModelUsage)) as ModelUsage, price, batch, model.GetService(typeof(AdaptiveConcurrency)) as AdaptiveConcurrency);
            _order.Add(name);
            ModelCreated?.Invoke(ModelIdentity.Of(model));
            return model;
        }
    }

    /// <summary>
    /// The <c>models</c> section of the manifest: identity and usage of every model used, by name, with its price and
    /// cost when the pipeline gives a price, and the same figures per stage (<c>stages</c>, see <see cref="UsageScope"/>).
    /// Counts are this session's (a resumed run adds the earlier sessions', see <c>UsageLedger</c>).
    /// </summary>
    public JsonObject ToManifest()
    {
        (string Name, Account Account)[] models;
        lock (_gate)
        {
            models = _order.Select(n => (n, _accounts[n])).ToArray();
        }

        var result = new JsonObject();
        foreach (var (name, (client, usage, price, batch, concurrency)) in models)
        {
            var identity = ModelIdentity.Of(client);
            var node = new JsonObject
            {
                ["model"] = identity.ModelId,
                ["fingerprint"] = identity.Fingerprint,
                ["tiny_test_model"] = identity.IsTinyTestModel,
                ["provider"] = identity.Provider,
            };
            if (batch)
            {
                node["batch"] = true;
            }

            if (price is not null)
            {
                node["price"] = OptionsBinder.ToJson(price);
            }

            if (concurrency is not null)
            {
                node["concurrency"] = concurrency.ToJson();
            }

            if (usage is not null)
            {
                node["requests"] = usage.Requests;
                node["tokens_in"] = usage.InputTokens;
                node["tokens_cached"] = usage.CachedInputTokens;
                node["tokens_out"] = usage.OutputTokens;
                node["reasoning_tokens"] = usage.ReasoningTokens;
                node["cache_hits"] = usage.CacheHits;
                node["retries"] = usage.Retries;
                node["failures"] = usage.Failures;
                node["circuit_opened"] = usage.CircuitOpened;
                if (price is not null)
                {
                    node["cost_usd"] = price.CostUsd(usage.Totals, batch);
                }

                var stages = new JsonObject();
                foreach (var (stage, totals) in usage.ByScope.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var figures = new JsonObject
                    {
                        ["requests"] = totals.Requests,
                        ["tokens_in"] = totals.InputTokens,
                        ["tokens_cached"] = totals.CachedInputTokens,
                        ["tokens_out"] = totals.OutputTokens,
                    };
                    if (price is not null)
                    {
                        figures["cost_usd"] = price.CostUsd(totals, batch);
                    }

                    stages[stage] = figures;
                }

                node["stages"] = stages;
            }

            result[name] = node;
        }

        return result;
    }

    /// <summary>
    /// This session's totals over every model used: dollars (models without a price count nothing; <c>Priced</c> says
    /// whether any model has one), tokens (in + out) and backend requests. Cheap enough to call per input record.
    /// </summary>
    public (double Usd, bool Priced, long Tokens, long Requests) Totals()
    {
        Account[] models;
        lock (_gate)
        {
            models = [.. _accounts.Values];
        }

        double usd = 0;
        long tokens = 0, requests = 0;
        var priced = false;
        foreach (var (_, usage, price, batch, _) in models)
        {
            if (usage is not null)
            {
                var totals = usage.Totals;
                tokens += totals.Tokens;
                requests += totals.Requests;
                if (price is not null)
                {
                    priced = true;
                    usd += price.CostUsd(totals, batch);
                }
            }
        }

        return (usd, priced, tokens, requests);
    }

    /// <summary>The models with an adaptive concurrency limit (<c>max_concurrency: auto</c>) created so far, by name.</summary>
    public IReadOnlyList<(string Name, AdaptiveConcurrency Concurrency)> AdaptiveConcurrency()
    {
        lock (_gate)
        {
            return _order.Where(n => _accounts[n].Concurrency is not null).Select(n => (n, _accounts[n].Concurrency!)).ToArray();
        }
    }

    /// <summary>Where the batches of the batch-mode models (<c>batch: true</c>) created so far stand, by name.</summary>
    public IReadOnlyList<(string Name, BatchProgress Progress)> BatchProgress()
    {
        (string Name, IChatClient Client)[] models;
        lock (_gate)
        {
            models = _order.Where(n => _accounts[n].Batch).Select(n => (n, _accounts[n].Client)).ToArray();
        }

        return models.Select(m => (m.Name, m.Client.GetService(typeof(BatchProgress)) as BatchProgress))
            .Where(p => p.Item2 is not null).Select(p => (p.Name, p.Item2!)).ToArray();
    }

    /// <summary>Whether any model definition has a <c>price:</c>.</summary>
    public bool AnyPriced => _definitions.Values.Any(d => d["price"] is ConfigMapping);

    /// <summary>The price and batch mode of a <c>models:</c> entry (read here too, so fake model factories in tests are priced alike).</summary>
    private static (ModelPrice? Price, bool Batch) PricingOf(ConfigMapping definition)
    {
        var price = definition["price"] is ConfigMapping mapping ? OptionsBinder.Bind<ModelPrice>(mapping) : null;
        var batch = definition["batch"] is ConfigScalar { Value: { } flag } && flag.Trim().ToLowerInvariant() is "true" or "yes" or "on";
        return (price, batch);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        IChatClient[] models;
        lock (_gate)
        {
            models = [.. _created.Values];
            _created.Clear();
        }

        foreach (var model in models)
        {
            await ComponentLifetime.DisposeAsync(model).ConfigureAwait(false);
        }
    }

    /// <summary>A created model and what the manifest reports of it (kept after the model is disposed, for the last report).</summary>
    private sealed record Account(IChatClient Client, ModelUsage? Usage, ModelPrice? Price, bool Batch, AdaptiveConcurrency? Concurrency);

    /// <summary>The client of a <see cref="ModelHandle"/>, releasing the handle (weights, connections) when disposed.</summary>
    private sealed class OwningChatClient(ModelHandle handle) : DelegatingChatClient(handle.Client), IAsyncDisposable
    {
        public ValueTask DisposeAsync() => handle.DisposeAsync();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                handle.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
