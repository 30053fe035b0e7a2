namespace MidTrain.Verifiers.Code;

/// <summary>One stdin/stdout case: what to feed the program and what it must print.</summary>
/// <param name="Stdin">Standard input.</param>
/// <param name="ExpectedStdout">The expected standard output.</param>
public sealed record StdioCase(string Stdin, string ExpectedStdout);
