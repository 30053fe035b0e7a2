namespace MidTrain.Classifiers.Model;

/// <summary>The spellings of <see cref="ClassifierKind"/> on the command line and in model files.</summary>
public static class ClassifierKinds
{
    /// <summary>Every spelling, default first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fasttext-like", "embedding"];

    /// <summary>The spelling of <paramref name="kind"/>.</summary>
    public static string Name(ClassifierKind kind) => kind switch
    {
        ClassifierKind.FasttextLike => "fasttext-like",
        ClassifierKind.Embedding => "embedding",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a spelling; null when unknown.</summary>
    public static ClassifierKind? Parse(string? text) => text switch
    {
        "fasttext-like" or "fasttext_like" => ClassifierKind.FasttextLike,
        "embedding" => ClassifierKind.Embedding,
        _ => null,
    };
}
