using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Jsonl;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Components;

/// <summary>
/// Filter middleware for <c>mode: report</c>: an item the inner filter would reject or rewrite is kept unchanged,
/// <see cref="FilterDecision.Flagged"/>, with the inner decision's reason, and annotated with <c>{name}_flag</c>:
/// <c>{"action": "reject"|"rewrite", "reason", "message", "details", "edits"}</c>. Annotations the inner filter
/// adds (e.g. <c>language</c>) are kept. Thread-safe when the inner filter is.
/// </summary>
public sealed class ReportingFilter : DelegatingFilter
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ReportingFilter(IFilter inner)
        : base(inner)
    {
    }

    /// <summary>The annotation key a filter named <paramref name="filterName"/> flags with: <c>{filterName}_flag</c>.</summary>
    public static string FlagKey(string filterName) => filterName + "_flag";

    /// <inheritdoc />
    public override async ValueTask<FilterDecision> FilterAsync(FilterItem item, CancellationToken cancellationToken = default)
    {
        var decision = await Inner.FilterAsync(item, cancellationToken).ConfigureAwait(false);
        if (!decision.IsRejected && decision.Rewrites.Count == 0)
        {
            return decision;
        }

        var flag = new JsonObject
        {
            ["action"] = decision.IsRejected ? "reject" : "rewrite",
            ["reason"] = decision.Reason,
            ["message"] = decision.Message,
        };
        if (decision.Details is { } details)
        {
            flag["details"] = JsonNode.Parse(details.GetRawText());
        }

        if (decision.Rewrites.Count > 0)
        {
            flag["edits"] = new JsonArray(decision.Rewrites.SelectMany(r => r.Edits.Select(e => (JsonNode)new JsonObject
            {
                ["text"] = r.Name,
                ["kind"] = e.Kind,
                ["start"] = e.Start,
                ["end"] = e.End,
            })).ToArray());
        }

        var annotations = new Dictionary<string, JsonElement>(decision.Annotations, StringComparer.Ordinal)
        {
            [FlagKey(Inner.Name)] = JsonSerializer.SerializeToElement(flag, JsonDefaults.Options),
        };
        return new FilterDecision
        {
            Action = FilterAction.Keep,
            Reason = decision.Reason,
            Message = decision.Message,
            Details = decision.Details,
            Annotations = annotations,
            Flagged = true,
        };
    }
}
