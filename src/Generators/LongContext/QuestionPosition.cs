namespace MidTrain.Generators.LongContext;

/// <summary>Where the question stands in the user turn relative to the context.</summary>
public enum QuestionPosition
{
    /// <summary>After the context (default).</summary>
    End,

    /// <summary>Before the context.</summary>
    Start,

    /// <summary>Before and after the context.</summary>
    Both,
}
