using System.Text.Json.Nodes;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;
using MidTrain.Core.Verification;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests;

/// <summary>Verifiers as <c>midtrain verify KIND</c> and a <c>verify:</c> stage build them: through their factory, from YAML options.</summary>
internal static class VerifierFiles
{
    public static ComponentCatalog Catalog { get; } = ComponentCatalog.Discover(typeof(MathVerifier).Assembly);

    public static IVerifierFactory Factory(string name) => Catalog.Find<IVerifierFactory>(name) ?? throw new InvalidOperationException($"no verifier '{name}'");

    /// <summary>The verifier <paramref name="name"/> with options from <paramref name="yaml"/> (a mapping).</summary>
    public static IVerifier Create(string name, string yaml = "{}")
    {
        var factory = Factory(name);
        var mapping = (ConfigMapping)YamlConfigReader.Parse(yaml, "test.yaml")!;
        return factory.Create(OptionsBinder.Bind(factory.OptionsType, mapping), new ComponentContext { Catalog = Catalog, BaseDirectory = MidTrain.Tests.TestPaths.RepoRoot });
    }

    /// <summary>The verdict object <c>midtrain verify</c> writes for one line.</summary>
    public static async Task<JsonObject> VerifyLineAsync(IVerifier verifier, string name, JsonObject line) =>
        VerifierLines.VerdictJson(await verifier.VerifyAsync(VerifierLines.ToSample(line, Factory(name).FileAnswerField, 1)));

    /// <summary>The verdict object for one JSON line.</summary>
    public static Task<JsonObject> VerifyLineAsync(IVerifier verifier, string name, string json) => VerifyLineAsync(verifier, name, JsonNode.Parse(json)!.AsObject());
}
