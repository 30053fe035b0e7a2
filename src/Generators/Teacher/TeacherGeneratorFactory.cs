using MidTrain.Core.Components;
using MidTrain.Core.Contracts;

namespace MidTrain.Generators.Teacher;

/// <summary><c>generate: teacher</c>: a stronger model writes grounded instruction data from each passage.</summary>
internal sealed class TeacherGeneratorFactory()
    : GeneratorFactory<TeacherOptions>("teacher", "A teacher model writes grounded Q&A, dialogues, worked solutions or a custom task from each passage.")
{
    protected override IGenerator Create(TeacherOptions options, ComponentContext context)
    {
        var model = context.RequireModels().Get(options.Model!, "model");
        var prompt = context.LoadPrompt(options.EffectivePrompt, "prompt");
        if (options.MaxFieldChars is { } chars)
        {
            prompt = context.Record(prompt.WithMaxFieldChars(chars));
        }

        return new TeacherGenerator(options, model, prompt);
    }
}
