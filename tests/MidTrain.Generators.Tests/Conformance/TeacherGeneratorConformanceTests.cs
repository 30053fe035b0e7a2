using System.Text.Json;
using MidTrain.Core.Contracts;
using MidTrain.Core.Prompts;
using MidTrain.Generators.Teacher;
using MidTrain.Testing.Conformance;

namespace MidTrain.Generators.Tests.Conformance;

public sealed class TeacherGeneratorConformanceTests : GeneratorConformanceTests
{
    // The reply depends on the seed, as a sampled model's does.
    protected override IGenerator CreateGenerator() => new TeacherGenerator(
        new TeacherOptions { Model = "teacher", Task = "grounded_qa", PerPassage = 2 },
        new ScriptedChatClient((_, options, _) => JsonSerializer.Serialize(new
        {
            question = $"What was completed in 1889 (variant {options?.Seed})?",
            answer = "The Eiffel Tower.",
            evidence = new[] { "The Eiffel Tower was completed in 1889" },
        })),
        PromptLibrary.Load("teacher/grounded_qa"));
}
