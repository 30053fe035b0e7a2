namespace MidTrain.Generators.Teacher;

/// <summary>
/// How a teacher prompt's JSON reply becomes a conversation. The built-in tasks know their schemas; a custom prompt
/// names the reply fields that become the user and assistant turns.
/// </summary>
public sealed record TeacherTask
{
    /// <summary>Task name (also the default prompt id <c>teacher/NAME</c>): <c>grounded_qa</c>, <c>dialogue</c>, <c>worked_solution</c> or a custom name.</summary>
    public required string Name { get; init; }

    /// <summary>For custom tasks: the reply field holding the user turn.</summary>
    public string? UserField { get; init; }

    /// <summary>For custom tasks: the reply field holding the assistant turn.</summary>
    public string? AssistantField { get; init; }

    /// <summary>The built-in task names.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = ["grounded_qa", "dialogue", "worked_solution"];

    /// <summary>Whether this is a built-in task.</summary>
    public bool IsBuiltIn => BuiltIn.Contains(Name);
}
