using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using MidTrain.Tests;
using MidTrain.Verifiers.Plugins;

using MidTrain.Testing.Conformance;

namespace MidTrain.Verifiers.Tests.Plugins;

/// <summary>
/// The C# example plug-in (examples/plugins/csharp) loaded from its built DLL, against the verifier contract. Skipped
/// until it has been built (it is built with MidTrain.sln, as a plug-in outside the engine's projects).
/// </summary>
public sealed class ExampleCSharpPluginConformanceTests : VerifierConformanceTests
{
    private static string DllPath => new[] { "Debug", "Release" }
        .Select(c => Path.Combine(TestPaths.RepoRoot, "examples", "plugins", "csharp", "bin", c, "net10.0", "ExampleVerifiers.dll"))
        .FirstOrDefault(File.Exists) ?? "examples/plugins/csharp/bin/Debug/net10.0/ExampleVerifiers.dll";

    protected override IVerifier CreateVerifier()
    {
        Skip.IfNot(File.Exists(DllPath), $"example plug-in not built: dotnet build MidTrain.sln (expected {DllPath})");
        return VerifierFiles.Create("plugin", $"{{plugin: dotnet, path: '{DllPath}', type: ExampleVerifiers.WordCountVerifier, settings: {{min_words: 3, max_words: 10}}}}");
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
