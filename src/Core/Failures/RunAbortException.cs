namespace MidTrain.Core.Failures;

/// <summary>
/// Thrown by stage code for a failure of the whole run, not of one item (bad configuration discovered late, a
/// resource gone). The pipeline cancels every stage and surfaces this exception once.
/// </summary>
public class RunAbortException(string message, Exception? inner = null) : Exception(message, inner);
