using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Plugins;
using MidTrain.Verifiers.Tests.Plugins.Fixtures;

namespace MidTrain.Verifiers.Tests.Plugins;

public sealed class PluginConfigurationTests
{
    [Fact]
    public async Task Create_ProcessPlugin_AWorkingProcessVerifierNamedByItsOptions()
    {
        var verifier = VerifierFiles.Create("plugin", $"{{plugin: process, command: [{PluginTestKit.Python}, examples/plugins/python/answer_contains.py], instances: 2, timeout_s: 5, name: contains}}");
        await using var disposable = (IAsyncDisposable)verifier;

        verifier.Name.Should().Be("contains");
        var sample = new Sample
        {
            Id = "x",
            Source = new SourceSpan("d", 0, 0, 0),
            Messages = [new Message(Message.Assistant, "the answer is 42")],
            Fields = new Dictionary<string, System.Text.Json.JsonElement> { ["expected"] = System.Text.Json.JsonSerializer.SerializeToElement("42") },
        };
        var verdict = await verifier.VerifyAsync(sample);
        verdict.Outcome.Should().Be(VerdictOutcome.Pass);
        verdict.Name.Should().Be("contains", "a plug-in names its verdicts itself");
    }

    [Fact]
    public void Create_DotnetPlugin_LoadsTheTypeWithSettings()
    {
        var verifier = VerifierFiles.Create("plugin", $"{{plugin: dotnet, path: '{typeof(AnswerContainsVerifier).Assembly.Location}', type: {typeof(AnswerContainsVerifier).FullName}, settings: {{name: custom-name}}}}");
        verifier.Name.Should().Be("custom-name");
        ((StampingVerifier)verifier).InnerVerifier.GetType().Assembly.Should().NotBeSameAs(typeof(AnswerContainsVerifier).Assembly, "the plug-in lives in its own load context");
    }

    [Theory]
    [InlineData("{plugin: python, command: [python3, x.py]}", "key 'plugin': must be one of process, dotnet")]
    [InlineData("{plugin: process, command: [python3, x.py], colour: red}", "unknown key 'colour'")]
    [InlineData("{plugin: process}", "key 'command': is required for plugin: process")]
    [InlineData("{plugin: dotnet}", "key 'path': is required for plugin: dotnet")]
    [InlineData("{command: [x]}", "key 'plugin': is required")]
    public void Bind_BadOrMissingKey_ErrorNamesIt(string yaml, string message)
    {
        var act = () => VerifierFiles.Create("plugin", yaml);
        act.Should().Throw<ConfigException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Load_MissingAssembly_ThrowsWithPath()
    {
        var act = () => AssemblyVerifierLoader.Load("/nonexistent/plugin.dll", "X.Y");
        act.Should().Throw<PluginException>().WithMessage("*assembly not found*/nonexistent/plugin.dll*");
    }

    [Fact]
    public void Load_UnknownType_ListsTheVerifierTypesFound()
    {
        var act = () => AssemblyVerifierLoader.Load(typeof(AnswerContainsVerifier).Assembly.Location, "No.Such.Type");
        act.Should().Throw<PluginException>().WithMessage($"*'No.Such.Type' not found*{typeof(AnswerContainsVerifier).FullName}*");
    }

    [Fact]
    public void Load_TypeNotAVerifier_ThrowsSayingSo()
    {
        var act = () => AssemblyVerifierLoader.Load(typeof(AnswerContainsVerifier).Assembly.Location, typeof(PluginConfigurationTests).FullName);
        act.Should().Throw<PluginException>().WithMessage("*does not implement*IVerifier*");
    }
}
