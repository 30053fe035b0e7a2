using Microsoft.Extensions.AI;

namespace MidTrain.Core.Models;

/// <summary>
/// Who a model is, as lineage and manifests record it; exposed by every model client of a run as a service
/// (<c>client.GetService&lt;ModelIdentity&gt;()</c>), so components need no model wrapper types. Immutable.
/// </summary>
/// <param name="Name">The name under <c>models:</c> in the pipeline.</param>
/// <param name="ModelId">The model id written into lineage (the served model id, or the GGUF file name).</param>
/// <param name="Fingerprint"><c>gguf:sha256=…;size=…;quant=…</c> for local weights, <c>openai:ENDPOINTS#MODEL</c> for remote ones.</param>
/// <param name="Provider"><c>llama</c> or <c>openai</c>.</param>
/// <param name="IsTinyTestModel">True for the built-in random-weight test model, whose outputs are meaningless.</param>
public sealed record ModelIdentity(string Name, string ModelId, string? Fingerprint, string Provider, bool IsTinyTestModel = false)
{
    /// <summary>
    /// The identity of <paramref name="client"/>: its <see cref="ModelIdentity"/> service, else one made from its
    /// <see cref="ChatClientMetadata"/> (clients built outside a run, e.g. in tests), without a fingerprint.
    /// </summary>
    public static ModelIdentity Of(IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.GetService(typeof(ModelIdentity)) is ModelIdentity identity)
        {
            return identity;
        }

        var metadata = client.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata;
        var id = metadata?.DefaultModelId ?? "model";
        return new ModelIdentity(id, id, null, metadata?.ProviderName ?? "unknown");
    }
}
