namespace MidTrain.Filters.Pii;

/// <summary>What the <c>pii</c> filter does with an item holding personal data (option <c>action</c>).</summary>
public enum PiiAction
{
    /// <summary>Replace every finding by its typed placeholder (<c>&lt;EMAIL&gt;</c>…) and keep the item (default).</summary>
    Redact,

    /// <summary>Reject the item.</summary>
    Reject,
}
