using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;
using MidTrain.Generators.Backtranslation;

namespace MidTrain.Generators.LongContext;

/// <summary>
/// Options of <c>generate: long_context</c> (and of <see cref="LongContextGenerator"/> for library users): the model,
/// the mix of task types, how many evidence passages each needs, where evidence is placed, how the user turn is laid
/// out, and retries. Defaults live here only.
/// </summary>
public sealed class LongContextOptions : IValidatableOptions
{
    /// <summary>The task type names, as written in YAML.</summary>
    public static IReadOnlyList<string> TaskTypeNames { get; } = Enum.GetNames<LongContextTaskType>().Select(ConfigNames.SnakeCase).ToArray();

    /// <summary>The model writing questions (a name under <c>models:</c>).</summary>
    [Required]
    public string? Model { get; set; }

    /// <summary>The task types with relative weights (default: needle, multi_hop, aggregate, compare equally).</summary>
    [ConfigConverter(typeof(WeightedValuesConverter))]
    public WeightedValues TaskTypes { get; set; } = WeightedValues.Uniform(TaskTypeNames);

    /// <summary>Samples per context (default 4), each with its own task type and depths.</summary>
    [Range(1, 1000)]
    public int PerContext { get; set; } = 4;

    /// <summary>Evidence passages (in different documents) of a <c>multi_hop</c> question (default 2).</summary>
    [Range(2, 8)]
    public int Hops { get; set; } = 2;

    /// <summary>Evidence passages (in different documents) of an <c>aggregate</c> question (default 3).</summary>
    [Range(2, 16)]
    public int AggregateDocuments { get; set; } = 3;

    /// <summary>Length of an evidence passage shown to the model, in characters (whole sentences; default 400).</summary>
    [Range(50, 20_000)]
    public int EvidenceChars { get; set; } = 400;

    /// <summary>Where evidence is placed: <c>uniform</c> over 0–100% (default), or a list of percentages.</summary>
    [ConfigConverter(typeof(DepthDistributionConverter))]
    public DepthDistribution Depths { get; set; } = DepthDistribution.Uniform;

    /// <summary>Where the question stands in the user turn (default after the context).</summary>
    public QuestionPosition QuestionPosition { get; set; } = QuestionPosition.End;

    /// <summary>A line added after the question in the user turn, saying how to answer (empty = none).</summary>
    public string Instruction { get; set; } = "Answer from the documents. Quote the sentences you rely on, each followed by its document number in brackets.";

    /// <summary>Prompt per task type (a built-in id or a file); default <c>long_context/TASK</c>.</summary>
    public Dictionary<string, string> Prompts { get; set; } = [];

    /// <summary>Correction retries after an unparseable reply (default 2).</summary>
    [Range(0, 10)]
    public int MaxParseRetries { get; set; } = 2;

    /// <summary>A bound on every string field of the prompts' reply schemas, so constrained decoding closes them.</summary>
    [Range(1, 1_000_000)]
    public int? MaxFieldChars { get; set; }

    /// <summary>The configured task types with their weights.</summary>
    public IReadOnlyList<(LongContextTaskType Type, double Weight)> WeightedTaskTypes() =>
        TaskTypes.Items.Select(i => (Parse(i.Value, "task_types"), i.Weight)).ToArray();

    /// <summary>Evidence passages a task type needs, each in a different document.</summary>
    public int EvidenceCount(LongContextTaskType type) => type switch
    {
        LongContextTaskType.Needle => 1,
        LongContextTaskType.MultiHop => Hops,
        LongContextTaskType.Aggregate => AggregateDocuments,
        _ => 2,
    };

    /// <summary>The prompt id or path of a task type.</summary>
    public string PromptOf(LongContextTaskType type)
    {
        var name = ConfigNames.SnakeCase(type.ToString());
        return Prompts.TryGetValue(name, out var prompt) ? prompt : $"long_context/{name}";
    }

    /// <summary>A copy of these options (components keep their own).</summary>
    public LongContextOptions Clone()
    {
        var copy = (LongContextOptions)MemberwiseClone();
        copy.Prompts = new Dictionary<string, string>(Prompts, StringComparer.Ordinal);
        return copy;
    }

    /// <inheritdoc />
    public void Validate()
    {
        if (TaskTypes is null || TaskTypes.Items.Count == 0)
        {
            throw new OptionsValidationException("task_types", "needs at least one task type");
        }

        if (TaskTypes.Items.Any(i => !(i.Weight > 0)))
        {
            throw new OptionsValidationException("task_types", "weights must be positive");
        }

        _ = WeightedTaskTypes();
        foreach (var key in Prompts.Keys)
        {
            _ = Parse(key, "prompts");
        }
    }

    private static LongContextTaskType Parse(string name, string key)
    {
        foreach (var type in Enum.GetValues<LongContextTaskType>())
        {
            if (ConfigNames.SnakeCase(type.ToString()) == name)
            {
                return type;
            }
        }

        throw new OptionsValidationException(key, $"unknown task type '{name}' (known: {string.Join(", ", TaskTypeNames)})");
    }
}
