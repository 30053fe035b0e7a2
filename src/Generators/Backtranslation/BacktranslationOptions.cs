using MidTrain.Core.Prompts;
using MidTrain.Generators.Common;

namespace MidTrain.Generators.Backtranslation;

/// <summary>Configuration of a <see cref="BacktranslationGenerator"/>.</summary>
public sealed class BacktranslationOptions
{
    /// <summary>Axis names the prompts know; other axes are recorded as attributes and passed as variables.</summary>
    public static IReadOnlyList<string> StandardAxes { get; } = ["language", "persona", "question_type", "difficulty", "register"];

    /// <summary>Questions per passage (default 2).</summary>
    public int PerPassage { get; init; } = 2;

    /// <summary>The steering axes. Missing standard axes get neutral defaults.</summary>
    public required IReadOnlyList<SteeringAxis> Axes { get; init; }

    /// <summary>Whether the answer is the passage or a teacher answer.</summary>
    public AnswerMode Answer { get; init; } = AnswerMode.Passage;

    /// <summary>The question prompt (default <c>backtranslation/question</c>).</summary>
    public required PromptTemplate QuestionPrompt { get; init; }

    /// <summary>The answer prompt for <see cref="AnswerMode.Teacher"/> (default <c>backtranslation/answer</c>).</summary>
    public PromptTemplate? AnswerPrompt { get; init; }

    /// <summary>The model writing questions.</summary>
    public required GenerationModel Model { get; init; }

    /// <summary>The model writing answers (default: <see cref="Model"/>).</summary>
    public GenerationModel? AnswerModel { get; init; }

    /// <summary>Correction retries after an unparseable reply (default 2).</summary>
    public int MaxParseRetries { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> (or <see cref="PromptException"/>) naming the problem.</summary>
    public void Validate()
    {
        if (PerPassage is < 1 or > 1000)
        {
            throw new ArgumentException($"per_passage must be between 1 and 1000, got {PerPassage}");
        }

        if (MaxParseRetries is < 0 or > 10)
        {
            throw new ArgumentException($"max_parse_retries must be between 0 and 10, got {MaxParseRetries}");
        }

        var duplicate = Axes.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"steering axis '{duplicate.Key}' is given twice");
        }

        var variables = new List<string> { "passage", "language_name" };
        variables.AddRange(StandardAxes);
        variables.AddRange(Axes.Select(a => a.Name));
        QuestionPrompt.EnsureVariables(variables);
        if (Answer == AnswerMode.Teacher)
        {
            (AnswerPrompt ?? throw new ArgumentException("answer: teacher needs an answer prompt")).EnsureVariables([.. variables, "question"]);
        }
    }
}
