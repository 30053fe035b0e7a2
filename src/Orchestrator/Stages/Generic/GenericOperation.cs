namespace MidTrain.Orchestrator.Stages.Generic;

/// <summary>What a <c>generic:</c> stage does.</summary>
public enum GenericOperation
{
    /// <summary>Forwards every item unchanged.</summary>
    Passthrough,

    /// <summary>Rejects items whose text is shorter than <c>min_chars</c> or longer than <c>max_chars</c>.</summary>
    LengthFilter,
}
