namespace MidTrain.Verifiers.Math;

/// <summary>Raised inside one check when its <see cref="CheckBudget"/> runs out; never escapes the checker.</summary>
internal sealed class BudgetExceededException(string message) : Exception(message);
