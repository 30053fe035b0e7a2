using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;
using MidTrain.Core.Prompts;

namespace MidTrain.Generators.LongContext;

/// <summary><c>generate: long_context</c>: questions whose evidence lies at chosen depths of assembled long contexts.</summary>
internal sealed class LongContextGeneratorFactory()
    : LongContextGeneratorFactory<LongContextOptions>("long_context", "Long contexts → needle, multi-hop, aggregation and comparison questions over evidence placed at chosen depths, answered with quotes cited by document number.")
{
    protected override ILongContextGenerator Create(LongContextOptions options, ComponentContext context)
    {
        var model = context.RequireModels().Get(options.Model!, "model");
        var prompts = new Dictionary<LongContextTaskType, PromptTemplate>();
        foreach (var (type, _) in options.WeightedTaskTypes())
        {
            if (prompts.ContainsKey(type))
            {
                continue;
            }

            var key = options.Prompts.ContainsKey(ConfigNames.SnakeCase(type.ToString())) ? $"prompts.{ConfigNames.SnakeCase(type.ToString())}" : "task_types";
            var prompt = context.LoadPrompt(options.PromptOf(type), key);
            prompts[type] = options.MaxFieldChars is { } chars ? prompt.WithMaxFieldChars(chars) : prompt;
        }

        LongContextGenerator generator;
        try
        {
            generator = new LongContextGenerator(options, model, prompts);
        }
        catch (PromptException ex)
        {
            throw new OptionsValidationException("prompts", ex.Message);
        }

        foreach (var prompt in generator.Prompts.Values)
        {
            context.Record(prompt);
        }

        return generator;
    }
}
