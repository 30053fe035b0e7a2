using MidTrain.Core.Prompts;
using MidTrain.Generators.Common;

namespace MidTrain.Generators.Teacher;

/// <summary>Configuration of a <see cref="TeacherGenerator"/>.</summary>
public sealed class TeacherOptions
{
    /// <summary>The task.</summary>
    public required TeacherTask Task { get; init; }

    /// <summary>The prompt (by default <c>teacher/&lt;task&gt;</c>).</summary>
    public required PromptTemplate Prompt { get; init; }

    /// <summary>The teacher model.</summary>
    public required GenerationModel Model { get; init; }

    /// <summary>Samples per passage (each with its own seed; default 1).</summary>
    public int PerPassage { get; init; } = 1;

    /// <summary>Correction retries after an unparseable reply (default 2).</summary>
    public int MaxParseRetries { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
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

        if (!Task.IsBuiltIn && (Task.UserField is null || Task.AssistantField is null))
        {
            throw new ArgumentException($"task '{Task.Name}' is not built-in ({string.Join(", ", TeacherTask.BuiltIn)}): give user_field and assistant_field");
        }

        Prompt.EnsureVariables(["passage", "language"]);
    }
}
