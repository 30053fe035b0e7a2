using MidTrain.Core.Contracts;
using MidTrain.Verifiers.Plugins;

namespace MidTrain.Verifiers.Tests.Plugins;

/// <summary>The Python example plug-in (examples/plugins/python) against the verifier contract.</summary>
public sealed class ProcessPluginConformanceTests : AnswerContainsConformance
{
    protected override IVerifier CreateVerifier() =>
        new ProcessPluginVerifier(new ProcessPluginOptions { Command = [PluginTestKit.Python, PluginTestKit.ExampleScript], Instances = 2, Timeout = TimeSpan.FromSeconds(20) });
}
