using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;
using MidTrain.Core.Prompts;
using MidTrain.Generators.LongContext;

namespace MidTrain.Generators.Tests.Conformance;

public sealed class LongContextGeneratorConformanceTests : MidTrain.Testing.Conformance.LongContextGeneratorConformanceTests
{
    // The fake's question depends on the seed, as a sampled model's does.
    protected override ILongContextGenerator CreateGenerator() => new LongContextGenerator(
        new LongContextOptions { Model = "teacher", PerContext = 4 },
        FakeTeacher.LongContext(),
        Enum.GetValues<LongContextTaskType>().ToDictionary(t => t, t => PromptLibrary.Load($"long_context/{ConfigNames.SnakeCase(t.ToString())}")));
}
