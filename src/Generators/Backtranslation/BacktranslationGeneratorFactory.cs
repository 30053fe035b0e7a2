using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;
using MidTrain.Core.Prompts;

namespace MidTrain.Generators.Backtranslation;

/// <summary><c>generate: backtranslation</c>: the passage is the answer; the model writes steered questions for it.</summary>
internal sealed class BacktranslationGeneratorFactory()
    : GeneratorFactory<BacktranslationOptions>("backtranslation", "Humpback-style backtranslation: steered questions (language, persona, type…) whose answer is the passage.")
{
    protected override IGenerator Create(BacktranslationOptions options, ComponentContext context)
    {
        var models = context.RequireModels();
        var model = models.Get(options.Model!, "model");
        var answerModel = options.AnswerModel is { } name ? models.Get(name, "answer_model") : null;
        var questionPrompt = Load(options.Prompt, "prompt");
        var answerPrompt = options.Answer == AnswerMode.Teacher ? Load(options.AnswerPrompt, "answer_prompt") : null;
        return new BacktranslationGenerator(options, model, questionPrompt, answerPrompt, answerModel, Personas(options, context));

        PromptTemplate Load(string idOrPath, string key)
        {
            var prompt = context.LoadPrompt(idOrPath, key);
            return options.MaxFieldChars is { } chars ? context.Record(prompt.WithMaxFieldChars(chars)) : prompt;
        }
    }

    private static string[]? Personas(BacktranslationOptions options, ComponentContext context)
    {
        if (options.PersonasFile is not { } file)
        {
            return null;
        }

        var path = context.ResolvePath(file);
        if (!File.Exists(path))
        {
            throw new OptionsValidationException("personas_file", $"file not found: {file}");
        }

        var personas = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        return personas.Length > 0 ? personas : throw new OptionsValidationException("personas_file", $"{file} holds no personas (one per line)");
    }
}
