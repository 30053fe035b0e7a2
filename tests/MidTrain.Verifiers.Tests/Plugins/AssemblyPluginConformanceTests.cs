using MidTrain.Core.Contracts;
using MidTrain.Verifiers.Plugins;
using MidTrain.Verifiers.Tests.Plugins.Fixtures;

namespace MidTrain.Verifiers.Tests.Plugins;

/// <summary>A verifier loaded from an assembly path in its own load context, against the verifier contract.</summary>
public sealed class AssemblyPluginConformanceTests : AnswerContainsConformance
{
    protected override IVerifier CreateVerifier() =>
        AssemblyVerifierLoader.Load(typeof(AnswerContainsVerifier).Assembly.Location, typeof(AnswerContainsVerifier).FullName);
}
