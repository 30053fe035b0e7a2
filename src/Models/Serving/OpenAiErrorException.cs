namespace MidTrain.Models.Serving;

/// <summary>Carries an <see cref="OpenAiError"/> out of request parsing to the handler that answers with it.</summary>
internal sealed class OpenAiErrorException : Exception
{
    public OpenAiErrorException(OpenAiError error)
        : base(error.Message)
    {
        Error = error;
    }

    public OpenAiError Error { get; }
}
