using MidTrain.Core.Contracts;
using MidTrain.Core.Prompts;
using MidTrain.Generators.Backtranslation;
using MidTrain.Testing.Conformance;

namespace MidTrain.Generators.Tests.Conformance;

public sealed class BacktranslationGeneratorConformanceTests : GeneratorConformanceTests
{
    protected override IGenerator CreateGenerator() => new BacktranslationGenerator(
        new BacktranslationOptions { Model = "teacher", PerPassage = 3, Languages = WeightedValues.Uniform(["en", "fr"]), Answer = AnswerMode.Teacher },
        FakeTeacher.Backtranslation(), PromptLibrary.Load("backtranslation/question"), PromptLibrary.Load("backtranslation/answer"));
}
