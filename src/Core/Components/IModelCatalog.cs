using Microsoft.Extensions.AI;

namespace MidTrain.Core.Components;

/// <summary>
/// The models a run defines under <c>models:</c>, by name. A returned client carries its identity as a
/// <see cref="Models.ModelIdentity"/> service (<c>client.GetService&lt;ModelIdentity&gt;()</c>) and its
/// <see cref="ChatClientMetadata"/>. Thread-safe; models are created on first use and shared.
/// </summary>
public interface IModelCatalog
{
    /// <summary>The names defined.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>The model named <paramref name="name"/>.</summary>
    /// <param name="name">The name under <c>models:</c>.</param>
    /// <param name="key">The option key that referred to it (for the error message).</param>
    /// <exception cref="Configuration.OptionsValidationException">No such model, or its definition is invalid.</exception>
    IChatClient Get(string name, string key = "model");
}
