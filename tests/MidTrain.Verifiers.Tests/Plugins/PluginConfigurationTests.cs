using MidTrain.Core.Records;
using MidTrain.Verifiers.Plugins;
using MidTrain.Verifiers.Tests.Plugins.Fixtures;

namespace MidTrain.Verifiers.Tests.Plugins;

public sealed class PluginConfigurationTests
{
    [Fact]
    public async Task FromMapping_ProcessPlugin_CreatesAWorkingProcessVerifier()
    {
        var options = VerifierPluginOptions.FromMapping(new Dictionary<string, object?>
        {
            ["plugin"] = "process",
            ["command"] = new List<object> { PluginTestKit.Python, "examples/plugins/python/answer_contains.py" },
            ["instances"] = "2",
            ["timeout_s"] = 5,
            ["name"] = "contains",
        });
        options.Instances.Should().Be(2);
        options.TimeoutSeconds.Should().Be(5);

        var verifier = VerifierPluginFactory.Create(options, MidTrain.Tests.TestPaths.RepoRoot);
        using var disposable = (IDisposable)verifier;
        verifier.Name.Should().Be("contains");
        var sample = new Sample
        {
            Id = "x",
            Source = new SourceSpan("d", 0, 0, 0),
            Messages = [new Message(Message.Assistant, "the answer is 42")],
            Fields = new Dictionary<string, System.Text.Json.JsonElement> { ["expected"] = System.Text.Json.JsonSerializer.SerializeToElement("42") },
        };
        (await verifier.VerifyAsync(sample)).Outcome.Should().Be(VerdictOutcome.Pass);
    }

    [Fact]
    public void FromMapping_DotnetPlugin_LoadsTheTypeWithSettings()
    {
        var options = VerifierPluginOptions.FromMapping(new Dictionary<string, object?>
        {
            ["plugin"] = "dotnet",
            ["path"] = typeof(AnswerContainsVerifier).Assembly.Location,
            ["type"] = typeof(AnswerContainsVerifier).FullName,
            ["settings"] = new Dictionary<object, object?> { ["name"] = "custom-name" },
        });
        var verifier = VerifierPluginFactory.Create(options);
        verifier.Name.Should().Be("custom-name");
        verifier.GetType().Assembly.Should().NotBeSameAs(typeof(AnswerContainsVerifier).Assembly, "the plug-in lives in its own load context");
    }

    [Theory]
    [InlineData("plugin", "python", "'plugin' must be process or dotnet")]
    [InlineData("colour", "red", "unknown key 'colour'")]
    public void FromMapping_BadKey_ErrorNamesIt(string key, string value, string message)
    {
        var map = new Dictionary<string, object?> { ["plugin"] = "process", ["command"] = "python3 x.py", [key] = value };
        var act = () => VerifierPluginOptions.FromMapping(map);
        act.Should().Throw<PluginException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void FromMapping_MissingRequiredKeys_ErrorNamesThem()
    {
        FluentActions.Invoking(() => VerifierPluginOptions.FromMapping(new Dictionary<string, object?> { ["plugin"] = "process" }))
            .Should().Throw<PluginException>().WithMessage("*'command' is required*");
        FluentActions.Invoking(() => VerifierPluginOptions.FromMapping(new Dictionary<string, object?> { ["plugin"] = "dotnet" }))
            .Should().Throw<PluginException>().WithMessage("*'path' is required*");
        FluentActions.Invoking(() => VerifierPluginOptions.FromMapping(new Dictionary<string, object?> { ["command"] = "x" }))
            .Should().Throw<PluginException>().WithMessage("*'plugin' key is required*");
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
