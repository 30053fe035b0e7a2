using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Generators.Teacher;

/// <summary>
/// Options of <c>generate: teacher</c> (and of <see cref="TeacherGenerator"/> for library users): the model, the task
/// (built-in <c>grounded_qa</c>, <c>dialogue</c>, <c>worked_solution</c>, or custom with a prompt and the reply fields
/// that become the turns), samples per passage and retries. Defaults live here only.
/// </summary>
public sealed class TeacherOptions : IValidatableOptions
{
    /// <summary>The built-in task names.</summary>
    public static IReadOnlyList<string> BuiltInTasks { get; } = ["grounded_qa", "dialogue", "worked_solution"];

    /// <summary>The teacher model (a name under <c>models:</c>).</summary>
    [Required]
    public string? Model { get; set; }

    /// <summary>The task; also the default prompt id <c>teacher/TASK</c> (default <c>grounded_qa</c>).</summary>
    public string Task { get; set; } = "grounded_qa";

    /// <summary>For custom tasks: the reply field holding the user turn.</summary>
    public string? UserField { get; set; }

    /// <summary>For custom tasks: the reply field holding the assistant turn.</summary>
    public string? AssistantField { get; set; }

    /// <summary>The prompt: a built-in id or a file (default <c>teacher/TASK</c>).</summary>
    public string? Prompt { get; set; }

    /// <summary>Samples per passage, each with its own seed (default 1).</summary>
    [Range(1, 1000)]
    public int PerPassage { get; set; } = 1;

    /// <summary>Correction retries after an unparseable reply (default 2).</summary>
    [Range(0, 10)]
    public int MaxParseRetries { get; set; } = 2;

    /// <summary>A bound on every string field of the prompt's reply schema, so constrained decoding closes them.</summary>
    [Range(1, 1_000_000)]
    public int? MaxFieldChars { get; set; }

    /// <summary>Whether <see cref="Task"/> is built in.</summary>
    public bool IsBuiltInTask => BuiltInTasks.Contains(Task);

    /// <summary>The prompt id or path in effect.</summary>
    public string EffectivePrompt => Prompt ?? $"teacher/{Task}";

    /// <summary>A copy of these options (components keep their own).</summary>
    public TeacherOptions Clone() => (TeacherOptions)MemberwiseClone();

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Task))
        {
            throw new OptionsValidationException("task", "must name a task");
        }

        if (!IsBuiltInTask && (UserField is null || AssistantField is null))
        {
            throw new OptionsValidationException("task", $"'{Task}' is not built-in ({string.Join(", ", BuiltInTasks)}): give user_field and assistant_field");
        }
    }
}
