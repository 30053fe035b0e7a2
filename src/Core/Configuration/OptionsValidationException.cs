namespace MidTrain.Core.Configuration;

/// <summary>
/// Thrown by an options type's <see cref="IValidatableOptions.Validate"/> (or a component factory) when a value is
/// invalid. <see cref="Key"/> is the option's configuration key relative to the options object (e.g.
/// <c>min_overlap</c>, or <c>dedup.jaccard</c> for a nested option), so the binder can report the file and line.
/// </summary>
public sealed class OptionsValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The relative configuration key, or null when the problem concerns the options as a whole.</param>
    /// <param name="message">What is wrong, without the key (e.g. <c>must be between 0 and 1</c>).</param>
    public OptionsValidationException(string? key, string message)
        : base(key is null ? message : $"{key}: {message}")
    {
        Key = key;
        Detail = message;
    }

    /// <summary>The relative configuration key, or null.</summary>
    public string? Key { get; }

    /// <summary>The message without the key.</summary>
    public string Detail { get; }
}
