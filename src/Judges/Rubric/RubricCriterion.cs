using System.Text.Json;
using MidTrain.Core.Prompts;

namespace MidTrain.Judges.Rubric;

/// <summary>
/// One judging criterion: a prompt file (what the judge reads, a rubric with an anchor sentence per score, and a JSON
/// schema for the reply <c>{rationale, score}</c>) and the score scale read from that schema's <c>score</c> bounds.
/// Built-in criteria live in the repository's <c>prompts/judges/</c> folder (prompt id <c>judges/&lt;name&gt;</c>);
/// a path to a <c>.yaml</c> file loads a user's own. Validated when loaded; immutable and thread-safe.
/// </summary>
public sealed class RubricCriterion
{
    private RubricCriterion(PromptTemplate prompt, int minScore, int maxScore)
    {
        Prompt = prompt;
        MinScore = minScore;
        MaxScore = maxScore;
    }

    /// <summary>The prompt folder of built-in criteria.</summary>
    public const string PromptFolder = "judges";

    /// <summary>The names of the built-in criteria (e.g. <c>answerable</c>), in ordinal order.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = PromptLibrary.EmbeddedIds
        .Where(id => id.StartsWith(PromptFolder + "/", StringComparison.Ordinal))
        .Select(id => id[(PromptFolder.Length + 1)..])
        .Where(name => name != "pairwise")
        .ToArray();

    /// <summary>The criterion's name: the prompt's <c>name</c> (used in judgements, labels, thresholds and weights).</summary>
    public string Name => Prompt.Id;

    /// <summary>The prompt.</summary>
    public PromptTemplate Prompt { get; }

    /// <summary>The lowest score of the scale (the schema's <c>score.minimum</c>).</summary>
    public int MinScore { get; }

    /// <summary>The highest score of the scale (the schema's <c>score.maximum</c>).</summary>
    public int MaxScore { get; }

    /// <summary>The sample fields the criterion reads (a subset of <see cref="RubricJudge.Variables"/>).</summary>
    public IReadOnlySet<string> Reads => Prompt.ReferencedVariables;

    /// <summary>
    /// Loads a criterion: a built-in name (<c>answerable</c> → prompt <c>judges/answerable</c>) or a path to a
    /// <c>.yaml</c>/<c>.yml</c> prompt file (absolute, or relative to <paramref name="baseDirectory"/>).
    /// </summary>
    /// <exception cref="PromptException">Not found, unparseable, or not a valid rubric prompt; the message names the file.</exception>
    public static RubricCriterion Load(string nameOrPath, string? baseDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        var isPath = nameOrPath.EndsWith(".yaml", StringComparison.Ordinal) || nameOrPath.EndsWith(".yml", StringComparison.Ordinal);
        if (!isPath && !BuiltIn.Contains(nameOrPath, StringComparer.Ordinal))
        {
            throw new PromptException($"unknown judge criterion '{nameOrPath}' (built-in: {string.Join(", ", BuiltIn)}; or give the path of a .yaml prompt file)");
        }

        return FromPrompt(PromptLibrary.Load(isPath ? nameOrPath : $"{PromptFolder}/{nameOrPath}", baseDirectory));
    }

    /// <summary>
    /// Validates <paramref name="prompt"/> as a rubric prompt: it uses only <see cref="RubricJudge.Variables"/> (or variables
    /// with defaults), and its JSON schema has a string <c>rationale</c> and a required integer <c>score</c> with integer
    /// <c>minimum</c> &lt; <c>maximum</c>.
    /// </summary>
    /// <exception cref="PromptException">The prompt is not a valid rubric prompt; the message names the file and the problem.</exception>
    public static RubricCriterion FromPrompt(PromptTemplate prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        prompt.EnsureVariables(RubricJudge.Variables);
        if (prompt.Settings.JsonSchema is not { } schema)
        {
            throw new PromptException($"{prompt.Source}: a judge prompt needs execution_settings.default.response_format with a json_schema for {{rationale, score}}");
        }

        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            throw new PromptException($"{prompt.Source}: the judge schema needs 'properties' with 'rationale' and 'score'");
        }

        if (!properties.TryGetProperty("rationale", out var rationale) || !HasType(rationale, "string"))
        {
            throw new PromptException($"{prompt.Source}: the judge schema needs a 'rationale' property of type string");
        }

        if (!properties.TryGetProperty("score", out var score) || !HasType(score, "integer"))
        {
            throw new PromptException($"{prompt.Source}: the judge schema needs a 'score' property of type integer");
        }

        var min = IntegerBound(score, "minimum", prompt.Source);
        var max = IntegerBound(score, "maximum", prompt.Source);
        if (max <= min)
        {
            throw new PromptException($"{prompt.Source}: score maximum ({max}) must be greater than its minimum ({min})");
        }

        if (!schema.TryGetProperty("required", out var required) || required.ValueKind != JsonValueKind.Array
            || !required.EnumerateArray().Any(r => r.ValueKind == JsonValueKind.String && r.GetString() == "score"))
        {
            throw new PromptException($"{prompt.Source}: the judge schema must list 'score' under 'required'");
        }

        return new RubricCriterion(prompt, min, max);
    }

    private static bool HasType(JsonElement property, string type) =>
        property.ValueKind == JsonValueKind.Object && property.TryGetProperty("type", out var t)
        && t.ValueKind == JsonValueKind.String && t.GetString() == type;

    private static int IntegerBound(JsonElement score, string key, string source)
    {
        if (!score.TryGetProperty(key, out var bound) || bound.ValueKind != JsonValueKind.Number
            || !bound.TryGetDouble(out var value) || value != Math.Floor(value) || Math.Abs(value) > 1_000_000)
        {
            throw new PromptException($"{source}: the judge schema's score needs an integer '{key}'");
        }

        return (int)value;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({MinScore}-{MaxScore}, {Prompt.Source})";
}
