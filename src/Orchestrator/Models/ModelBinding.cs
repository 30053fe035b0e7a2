using Microsoft.Extensions.Logging;
using MidTrain.Orchestrator.Config;

namespace MidTrain.Orchestrator.Models;

/// <summary>Binds a <c>models:</c> entry of the pipeline YAML to the model layer.</summary>
public static class ModelBinding
{
    /// <summary>The providers.</summary>
    public static IReadOnlyList<string> Providers { get; } = ["llama", "openai"];

    /// <summary>Creates the model <paramref name="name"/> from <paramref name="definition"/>.</summary>
    /// <exception cref="ConfigException">A bad key or value, naming it.</exception>
    public static ModelAccess Create(string name, ConfigMap definition, string runDirectory, ILoggerFactory loggerFactory)
    {
        var provider = definition.GetString("provider") ?? throw definition.Error("provider", $"is required ({string.Join(" or ", Providers)})");
        throw definition.Error("provider", $"provider '{provider}' is not available in this build");
    }
}
