using MidTrain.Core.Configuration;

namespace MidTrain.Judges;

/// <summary>
/// The checks the options of every model judge share (the judge's name, the sampling temperature, the model calls per
/// judgement), so the judges agree on what a valid value is and on the YAML key that names a bad one.
/// </summary>
internal static class JudgeOptionRules
{
    /// <summary>Checks the shared values.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range; <see cref="OptionsValidationException.Key"/> is its YAML key.</exception>
    public static void Validate(string judgeName, double? temperature, int maxAttempts)
    {
        if (string.IsNullOrWhiteSpace(judgeName))
        {
            throw new OptionsValidationException("model", "the judge model name must not be empty");
        }

        if (temperature is { } t && (double.IsNaN(t) || t < 0 || t > 2))
        {
            throw new OptionsValidationException("temperature", $"must be between 0 and 2, got {t}");
        }

        if (maxAttempts is < 1 or > 10)
        {
            throw new OptionsValidationException("max_attempts", $"must be between 1 and 10, got {maxAttempts}");
        }
    }
}
