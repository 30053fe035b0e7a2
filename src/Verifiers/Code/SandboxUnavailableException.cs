namespace MidTrain.Verifiers.Code;

/// <summary>
/// Thrown when code execution is requested but bubblewrap (or another required tool) is missing and the unsandboxed
/// mode was not explicitly enabled. A run-level configuration error, never per-sample data.
/// </summary>
public sealed class SandboxUnavailableException : Exception
{
    /// <summary>Creates the exception with a message that says what is missing and how to fix it.</summary>
    public SandboxUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public SandboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
