using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using MidTrain.Core.Failures;

namespace MidTrain.Orchestrator.Pipeline;

/// <summary>Why one item failed: written into <c>failed.jsonl</c> with the input record.</summary>
public sealed record ItemFailure
{
    /// <summary>The stage where it failed (<c>input</c> for bad input lines).</summary>
    [JsonPropertyName("stage")] public required string Stage { get; init; }

    /// <summary>The error kind: <c>bad_input</c>, <c>parse</c>, <c>transport</c>, <c>timeout</c>, <c>error</c>…</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>The error message (with <c>file:line</c> for input errors).</summary>
    [JsonPropertyName("message")] public required string Message { get; init; }

    /// <summary>Raw data kept with the failure (an unparseable input line, raw model output), or null.</summary>
    [JsonPropertyName("raw")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Raw { get; init; }

    /// <summary>Classifies <paramref name="exception"/> thrown by <paramref name="stage"/>.</summary>
    public static ItemFailure FromException(string stage, Exception exception) => new()
    {
        Stage = stage,
        Kind = KindOf(exception),
        Message = exception is IFailureKind ? exception.Message : $"{exception.GetType().Name}: {exception.Message}",
        Raw = (exception as ItemFailureException)?.Raw,
    };

    private static string KindOf(Exception exception) => exception switch
    {
        IFailureKind classified => classified.Kind,
        JsonException => "parse",
        TimeoutException => "timeout",
        OperationCanceledException => "timeout",
        HttpRequestException => "transport",
        IOException => "io",
        _ => "error",
    };
}
