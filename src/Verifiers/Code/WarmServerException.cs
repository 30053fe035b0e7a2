namespace MidTrain.Verifiers.Code;

/// <summary>A warm sandbox server did not start, died, or did not answer in time. The server is discarded.</summary>
internal sealed class WarmServerException(string message) : Exception(message);
