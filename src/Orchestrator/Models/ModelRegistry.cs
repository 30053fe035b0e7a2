using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Models;

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
            _order.Add(name);
            ModelCreated?.Invoke(ModelIdentity.Of(model));
            return model;
        }
    }

    /// <summary>The <c>models</c> section of the manifest: identity and usage of every model used, by name.</summary>
    public JsonObject ToManifest()
    {
        KeyValuePair<string, IChatClient>[] models;
        lock (_gate)
        {
            models = _order.Select(n => KeyValuePair.Create(n, _created[n])).ToArray();
        }

        var result = new JsonObject();
        foreach (var (name, client) in models)
        {
            var identity = ModelIdentity.Of(client);
            var node = new JsonObject
            {
                ["model"] = identity.ModelId,
                ["fingerprint"] = identity.Fingerprint,
                ["tiny_test_model"] = identity.IsTinyTestModel,
                ["provider"] = identity.Provider,
            };
            if (client.GetService(typeof(ModelUsage)) is ModelUsage usage)
            {
                node["requests"] = usage.Requests;
                node["tokens_in"] = usage.InputTokens;
                node["tokens_out"] = usage.OutputTokens;
                node["reasoning_tokens"] = usage.ReasoningTokens;
                node["cache_hits"] = usage.CacheHits;
                node["retries"] = usage.Retries;
                node["failures"] = usage.Failures;
                node["circuit_opened"] = usage.CircuitOpened;
            }

            result[name] = node;
        }

        return result;
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
            switch (model)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                default:
                    model.Dispose();
                    break;
            }
        }
    }

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
