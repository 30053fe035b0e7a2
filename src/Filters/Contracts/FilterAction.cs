namespace MidTrain.Filters.Contracts;

/// <summary>Whether a filtered item goes on or is rejected.</summary>
public enum FilterAction
{
    /// <summary>The item goes on (possibly annotated, possibly with rewritten texts).</summary>
    Keep,

    /// <summary>The item is rejected, with a reason and details.</summary>
    Reject,
}
