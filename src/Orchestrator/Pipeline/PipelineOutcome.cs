namespace MidTrain.Orchestrator.Pipeline;

/// <summary>How a pipeline run ended (faults and hard cancellation are exceptions, not outcomes).</summary>
public enum PipelineOutcome
{
    /// <summary>The source was exhausted and every item reached a sink.</summary>
    Completed,

    /// <summary>A drain was requested (first Ctrl+C): the source stopped early, in-flight items were finished.</summary>
    Drained,
}
