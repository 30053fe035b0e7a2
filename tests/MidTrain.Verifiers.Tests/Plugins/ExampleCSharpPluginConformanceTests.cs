using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using MidTrain.Tests;
using MidTrain.Verifiers.Plugins;

namespace MidTrain.Verifiers.Tests.Plugins;

/// <summary>
/// The C# example plug-in (examples/plugins/csharp) loaded from its built DLL, against the verifier contract. Skipped
/// until it has been built (<c>dotnet build examples/plugins/csharp -c Release</c>); it is not part of MidTrain.sln.
/// </summary>
public sealed class ExampleCSharpPluginConformanceTests : VerifierConformanceTests
{
    private static string DllPath => Path.Combine(TestPaths.RepoRoot, "examples", "plugins", "csharp", "bin", "Release", "net10.0", "ExampleVerifiers.dll");

    protected override IVerifier CreateVerifier()
    {
        Skip.IfNot(File.Exists(DllPath), $"example plug-in not built: dotnet build examples/plugins/csharp -c Release (expected {DllPath})");
        return VerifierPluginFactory.Create(VerifierPluginOptions.FromMapping(new Dictionary<string, object?>
        {
            ["plugin"] = "dotnet",
            ["path"] = DllPath,
            ["type"] = "ExampleVerifiers.WordCountVerifier",
            ["settings"] = new Dictionary<string, object?> { ["min_words"] = 3, ["max_words"] = 10 },
        }));
    }

    protected override Sample PassingSample { get; } = MakeSample("p", "Say something.", "three little words");

    protected override Sample FailingSample { get; } = MakeSample("f", "Say something.", "no");

    protected override Sample MalformedSample { get; } = new()
    {
        Id = "m",
        Source = new SourceSpan("d", 0, 0, 0),
        Messages = [new Message(Message.User, "only a question")],
    };
}
