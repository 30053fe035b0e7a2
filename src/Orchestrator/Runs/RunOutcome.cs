using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Runs;

/// <summary>How a run ended, with one line for the terminal.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Message">A one-line summary.</param>
/// <param name="Result">The engine's counts, when the engine ran.</param>
public sealed record RunOutcome(RunStatus Status, string Message, PipelineResult? Result);
