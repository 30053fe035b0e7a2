namespace MidTrain.Datasets;

/// <summary>
/// A dataset cannot be made from what was given: the run directory is unfinished, torn or missing a file, the output
/// directory is not empty, a filter is malformed. The message names the file, flag or line and says what is wrong;
/// the CLI reports it with exit code 2.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and the underlying error.</summary>
    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
