namespace MidTrain.Generators.Backtranslation;

/// <summary>What the assistant turn of a backtranslated sample is.</summary>
public enum AnswerMode
{
    /// <summary>The passage itself (Humpback self-augmentation).</summary>
    Passage,

    /// <summary>A teacher answer grounded in the passage, in the question's language.</summary>
    Teacher,
}
