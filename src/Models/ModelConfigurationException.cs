namespace MidTrain.Models;

/// <summary>A model entry of the pipeline configuration is invalid; <see cref="Exception.Message"/> names the YAML key.</summary>
public sealed class ModelConfigurationException : Exception
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public ModelConfigurationException(string key, string message)
        : base($"{key}: {message}")
    {
        Key = key;
    }

    /// <summary>Creates the exception.</summary>
    public ModelConfigurationException()
        : this("models", "invalid model configuration")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ModelConfigurationException(string message)
        : this("models", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ModelConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = "models";
    }

    /// <summary>The offending key, e.g. <c>models.judge.path</c>.</summary>
    public string Key { get; }
}
