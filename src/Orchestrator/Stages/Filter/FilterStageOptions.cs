namespace MidTrain.Orchestrator.Stages.Filter;

/// <summary>The <c>filter:</c> stage's own keys (the filter's keys are those of its options type).</summary>
public sealed class FilterStageOptions
{
    /// <summary>Whether a filtered sample gets a lineage entry naming the filter, its version and parameters (default true).</summary>
    public bool Lineage { get; set; } = true;
}
