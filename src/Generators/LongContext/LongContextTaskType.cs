namespace MidTrain.Generators.LongContext;

/// <summary>What a long-context question asks of its evidence.</summary>
public enum LongContextTaskType
{
    /// <summary>One fact from one passage (needle retrieval).</summary>
    Needle,

    /// <summary>Facts from two or more passages in different documents, combined (multi-hop).</summary>
    MultiHop,

    /// <summary>A count or list over passages in several documents (aggregation).</summary>
    Aggregate,

    /// <summary>A comparison of two passages in different documents.</summary>
    Compare,
}
