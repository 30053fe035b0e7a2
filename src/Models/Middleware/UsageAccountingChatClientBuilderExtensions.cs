using Microsoft.Extensions.AI;

namespace MidTrain.Models.Middleware;

/// <summary>Adds usage accounting (requests, tokens, failures) to a chat client pipeline.</summary>
public static class UsageAccountingChatClientBuilderExtensions
{
    /// <summary>Counts every call that reaches this layer and the tokens its response reports into <paramref name="usage"/>. Thread-safe.</summary>
    public static ChatClientBuilder UseUsageAccounting(this ChatClientBuilder builder, ModelUsage usage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(usage);
        return builder.Use(inner => new UsageAccountingChatClient(inner, usage));
    }
}
