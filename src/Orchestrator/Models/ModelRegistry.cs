using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Config;

namespace MidTrain.Orchestrator.Models;

/// <summary>
/// The models of a run: created on first use from their <c>models:</c> entry (so an unused model costs nothing), shared
/// by every stage that names them, released at the end of the run. Thread-safe.
/// </summary>
public sealed class ModelRegistry : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, ConfigMap> _definitions;
    private readonly Func<string, ConfigMap, ModelAccess> _create;
    private readonly Dictionary<string, ModelAccess> _created = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Creates a registry over the pipeline's model definitions.</summary>
    /// <param name="definitions">The <c>models:</c> section by name.</param>
    /// <param name="create">Builds a model from its definition (throws <see cref="ConfigException"/> for bad keys).</param>
    public ModelRegistry(IReadOnlyDictionary<string, ConfigMap> definitions, Func<string, ConfigMap, ModelAccess> create)
    {
        _definitions = definitions;
        _create = create;
    }

    /// <summary>The model named <paramref name="name"/>; <paramref name="stage"/> and <paramref name="key"/> locate the reference for error messages.</summary>
    /// <exception cref="ConfigException">No such model, or its definition is invalid.</exception>
    public ModelAccess Get(string name, ConfigMap stage, string key = "model")
    {
        lock (_gate)
        {
            if (_created.TryGetValue(name, out var existing))
            {
                return existing;
            }

            if (!_definitions.TryGetValue(name, out var definition))
            {
                throw stage.Error(key, $"model '{name}' is not defined under models: (defined: {(_definitions.Count == 0 ? "none" : string.Join(", ", _definitions.Keys))})");
            }

            var model = _create(name, definition);
            _created[name] = model;
            return model;
        }
    }

    /// <summary>The models created so far.</summary>
    public IReadOnlyList<ModelAccess> Created
    {
        get
        {
            lock (_gate)
            {
                return _created.Values.ToArray();
            }
        }
    }

    /// <summary>The <c>models</c> section of the manifest: fingerprints and usage of every model used.</summary>
    public JsonObject ToManifest()
    {
        var result = new JsonObject();
        foreach (var model in Created)
        {
            var node = new JsonObject
            {
                ["model"] = model.ModelId,
                ["fingerprint"] = model.Fingerprint,
                ["tiny_test_model"] = model.IsTinyTestModel,
            };
            if (model.Report?.Invoke() is { } report)
            {
                foreach (var (key, value) in report)
                {
                    node[key] = value?.DeepClone();
                }
            }

            result[model.Name] = node;
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var model in Created)
        {
            if (model.Release is { } release)
            {
                await release().ConfigureAwait(false);
            }
        }
    }
}
