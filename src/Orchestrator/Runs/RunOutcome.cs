using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Runs;

/// <summary>How a run ended, with its exit code (DESIGN §5) and one line for the terminal.</summary>
/// <param name="ExitCode">0 success, 1 completed with failed records, 2 usage/config error, 3 aborted.</param>
/// <param name="Message">A one-line summary.</param>
/// <param name="Result">The engine's counts, when the engine ran.</param>
public sealed record RunOutcome(int ExitCode, string Message, PipelineResult? Result);
