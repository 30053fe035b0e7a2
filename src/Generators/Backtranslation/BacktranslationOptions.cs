using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Generators.Backtranslation;

/// <summary>
/// Options of <c>generate: backtranslation</c> (and of <see cref="BacktranslationGenerator"/> for library users): the
/// model, the steering axes (each a list, or a mapping of value → weight), where the answer comes from, and retries.
/// Defaults live here only.
/// </summary>
public sealed class BacktranslationOptions : IValidatableOptions
{
    /// <summary>Axis names the prompts know; other axes are recorded as attributes and passed as variables.</summary>
    public static IReadOnlyList<string> StandardAxes { get; } = ["language", "persona", "question_type", "difficulty", "register"];

    /// <summary>The model writing questions (a name under <c>models:</c>).</summary>
    [Required]
    public string? Model { get; set; }

    /// <summary>Questions per passage (default 2).</summary>
    [Range(1, 1000)]
    public int PerPassage { get; set; } = 2;

    /// <summary>Languages of the questions (ISO 639-1 codes; <c>same</c> = the passage's language).</summary>
    [ConfigConverter(typeof(WeightedValuesConverter))]
    public WeightedValues? Languages { get; set; }

    /// <summary>Personas asking the questions.</summary>
    [ConfigConverter(typeof(WeightedValuesConverter))]
    public WeightedValues? Personas { get; set; }

    /// <summary>A file of personas, one per line (<c>#</c> comments), drawn uniformly; instead of <see cref="Personas"/>.</summary>
    public string? PersonasFile { get; set; }

    /// <summary>Question types (open question, how-to, comparison…).</summary>
    [ConfigConverter(typeof(WeightedValuesConverter))]
    public WeightedValues? QuestionTypes { get; set; }

    /// <summary>Difficulties.</summary>
    [ConfigConverter(typeof(WeightedValuesConverter))]
    public WeightedValues? Difficulties { get; set; }

    /// <summary>Registers (formal, casual…).</summary>
    [ConfigConverter(typeof(WeightedValuesConverter))]
    public WeightedValues? Registers { get; set; }

    /// <summary>Whether the answer is the passage (default) or a teacher answer grounded in it.</summary>
    public AnswerMode Answer { get; set; } = AnswerMode.Passage;

    /// <summary>The model writing teacher answers (default: <see cref="Model"/>).</summary>
    public string? AnswerModel { get; set; }

    /// <summary>The question prompt: a built-in id or a file (default <c>backtranslation/question</c>).</summary>
    public string Prompt { get; set; } = "backtranslation/question";

    /// <summary>The answer prompt for <c>answer: teacher</c> (default <c>backtranslation/answer</c>).</summary>
    public string AnswerPrompt { get; set; } = "backtranslation/answer";

    /// <summary>Correction retries after an unparseable reply (default 2).</summary>
    [Range(0, 10)]
    public int MaxParseRetries { get; set; } = 2;

    /// <summary>A bound on every string field of the prompts' reply schemas, so constrained decoding closes them.</summary>
    [Range(1, 1_000_000)]
    public int? MaxFieldChars { get; set; }

    /// <summary>The configured axes, in the order of <see cref="StandardAxes"/>; <paramref name="personas"/> (from a file) replaces <see cref="Personas"/>.</summary>
    public IReadOnlyList<SteeringAxis> Axes(IReadOnlyList<string>? personas = null)
    {
        var axes = new List<SteeringAxis>();
        void Add(string name, WeightedValues? values)
        {
            if (values is not null)
            {
                axes.Add(new SteeringAxis(name, values.Items));
            }
        }

        Add("language", Languages);
        Add("persona", personas is { Count: > 0 } ? WeightedValues.Uniform(personas) : Personas);
        Add("question_type", QuestionTypes);
        Add("difficulty", Difficulties);
        Add("register", Registers);
        return axes;
    }

    /// <inheritdoc />
    public void Validate()
    {
        if (Personas is not null && PersonasFile is not null)
        {
            throw new OptionsValidationException("personas_file", "give personas or personas_file, not both");
        }

        if (AnswerModel is not null && Answer != AnswerMode.Teacher)
        {
            throw new OptionsValidationException("answer_model", "is used only with answer: teacher");
        }
    }
}
