using Microsoft.Extensions.AI;
using MidTrain.Core.Models;

namespace MidTrain.Models.Middleware;

/// <summary>
/// The outermost layer of a model's stack: answers <see cref="IChatClient.GetService"/> for the model's
/// <see cref="ModelIdentity"/> (who it is, for lineage and manifests) and <see cref="ModelUsage"/> (its running totals),
/// so components need no model wrapper types. Forwards everything else. Thread-safe.
/// </summary>
internal sealed class ModelServicesChatClient(IChatClient inner, ModelIdentity identity, ModelUsage usage) : DelegatingChatClient(inner)
{
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType == typeof(ModelIdentity))
        {
            return identity;
        }

        if (serviceKey is null && serviceType == typeof(ModelUsage))
        {
            return usage;
        }

        return base.GetService(serviceType, serviceKey);
    }
}
