namespace MidTrain.Judges;

/// <summary>
/// A judge or panel option is invalid. <see cref="Key"/> is the option's pipeline-YAML key (e.g. <c>weights</c>,
/// <c>thresholds</c>, <c>max_attempts</c>) so a configuration loader can report <c>file:line: key: message</c>.
/// Thrown once, when the judge or panel is built, never while judging.
/// </summary>
public sealed class JudgeConfigurationException : Exception
{
    /// <summary>Creates the exception for option <paramref name="key"/>.</summary>
    public JudgeConfigurationException(string key, string message)
        : base(message)
    {
        Key = key;
    }

    /// <summary>The option's YAML key.</summary>
    public string Key { get; }
}
