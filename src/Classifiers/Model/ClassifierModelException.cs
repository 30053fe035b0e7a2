namespace MidTrain.Classifiers.Model;

/// <summary>
/// A model file that cannot be used: not a MidTrain classifier, a newer format, a featurizer version this build does not
/// have, truncated or corrupted weights, or an embedding model other than the one it was trained on. The message names
/// the file and says what to do.
/// </summary>
public sealed class ClassifierModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClassifierModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ClassifierModelException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
