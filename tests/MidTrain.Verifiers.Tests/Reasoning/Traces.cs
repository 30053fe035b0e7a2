using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Tests.Reasoning;

/// <summary>Hand-written reasoning samples, good and faulty, for the trace-curation checks.</summary>
internal static class Traces
{
    public const string Question = "What is the sum of the interior angles of a hexagon, in degrees?";

    public const string GoodTrace =
        "The question asks for the sum of the interior angles of a hexagon. A polygon with n sides has interior angles "
        + "that sum to (n - 2) times 180 degrees. A hexagon has six sides, so the sum is 4 times 180, which is 720 degrees. "
        + "Let me double-check by cutting the hexagon into triangles from one vertex: that gives four triangles, and four "
        + "triangles of 180 degrees each make 720 degrees. Both ways agree, so the final answer is \\boxed{720}.";

    public const string GoodAnswer = "The interior angles of a hexagon add up to \\boxed{720} degrees.";

    public const string FrenchQuestion = "Quelle est la somme des angles intérieurs d'un hexagone, en degrés ?";

    public const string FrenchTrace =
        "La question demande la somme des angles intérieurs d'un hexagone. Pour un polygone à n côtés, cette somme vaut "
        + "(n - 2) fois 180 degrés. Un hexagone a six côtés, donc la somme est quatre fois 180, soit 720 degrés. "
        + "Je vérifie en découpant l'hexagone en triangles depuis un sommet : on obtient quatre triangles de 180 degrés, "
        + "ce qui fait bien 720 degrés au total.";

    public const string FrenchAnswer = "La somme des angles intérieurs d'un hexagone est de \\boxed{720} degrés.";

    /// <summary>A QwQ-style trace that drifts from English into Chinese halfway.</summary>
    public const string DriftingTrace =
        "The question asks for the sum of the interior angles of a hexagon. A polygon with n sides has angles summing to "
        + "(n - 2) times 180 degrees.\n"
        + "六边形有六条边，所以它的内角和等于四乘以一百八十度，也就是七百二十度。\n"
        + "我们可以从一个顶点出发，把六边形分成四个三角形，用这种方法来验证这个结果。\n"
        + "每个三角形的内角和都是一百八十度，所以四个三角形的总和是七百二十度。\n"
        + "因此最终答案是七百二十度，这与我们用公式计算出来的结果完全一致。";

    /// <summary>The model re-derives the same step over and over.</summary>
    public static readonly string LoopingTrace = string.Concat(Enumerable.Repeat(
        "Wait, let me recompute this carefully: a hexagon has six sides so the sum is four times one hundred eighty. ", 8))
        + "So the answer is 720.";

    /// <summary>Long and varied, but one sentence comes back again and again.</summary>
    public static readonly string RepeatedSentenceTrace = string.Join(" ", new[]
    {
        "Hexagons have six sides.", "I should check the formula.", "The formula is (n - 2) times 180.",
        "I should check the formula.", "Six minus two is four.", "I should check the formula.",
        "Four times 180 is 720.", "I should check the formula.", "So the sum is 720 degrees.",
    });

    /// <summary>The trace collapses into one word repeated until the token limit.</summary>
    public const string DegenerateTrace = GoodTrace + " So, so, so, so, so, so, so, so, so, so, so, so";

    /// <summary>The trace reaches 720 but the answer boxes 700.</summary>
    public const string InconsistentAnswer = "The interior angles of a hexagon add up to \\boxed{700} degrees.";

    public static Sample Sample(string answerContent, string? reasoning = null, string question = Question, string? language = "en") => new()
    {
        Id = "s-" + MidTrain.Core.Hashing.ContentHash.SampleId(question, answerContent, reasoning)[..12],
        Source = new SourceSpan("hexagon", 0, 0, 10),
        Messages = [new Message(Message.User, question), new Message(Message.Assistant, answerContent) { Reasoning = reasoning }],
        Attributes = language is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["language"] = language },
    };

    /// <summary>A sample whose trace is written inline before the answer, in the default template.</summary>
    public static Sample Inline(string trace, string answer, string question = Question, string? language = "en") =>
        Sample($"<think>\n{trace}\n</think>\n\n{answer}", null, question, language);
}
