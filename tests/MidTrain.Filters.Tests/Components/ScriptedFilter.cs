using System.Text.Json.Nodes;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Tests.Components;

/// <summary>A hand-written fake: answers every item with the decision its script returns.</summary>
internal sealed class ScriptedFilter(Func<FilterItem, FilterDecision> script) : IFilter
{
    public string Name => "scripted";

    public string Version => "0.0.1";

    public JsonObject Parameters => new() { ["script"] = true };

    public ValueTask<FilterDecision> FilterAsync(FilterItem item, CancellationToken cancellationToken = default) => ValueTask.FromResult(script(item));

    public object? GetService(Type serviceType) => serviceType.IsInstanceOfType(this) ? this : null;
}
