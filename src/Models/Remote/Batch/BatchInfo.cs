using System.Text.Json;

namespace MidTrain.Models.Remote.Batch;

/// <summary>A batch as the provider's <c>/v1/batches</c> describes it (the fields MidTrain reads). Immutable.</summary>
internal sealed record BatchInfo(string Id, string Status, string? OutputFileId, string? ErrorFileId, string? Submission, int Total, int Completed, int Failed, string? Errors)
{
    /// <summary>Statuses after which a batch changes no more.</summary>
    public static bool IsTerminal(string status) => status is "completed" or "failed" or "expired" or "cancelled";

    public bool Terminal => IsTerminal(Status);

    public static BatchInfo Read(JsonElement batch)
    {
        string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int Count(string name) => batch.TryGetProperty("request_counts", out var counts) && counts.ValueKind == JsonValueKind.Object
            && counts.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
        var metadata = batch.TryGetProperty("metadata", out var m) ? m : default;
        string? errors = null;
        if (batch.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            errors = string.Join("; ", data.EnumerateArray().Select(d => Text(d, "message")).OfType<string>());
        }

        return new BatchInfo(
            Text(batch, "id") ?? throw new JsonException("a batch without an id"),
            Text(batch, "status") ?? "unknown",
            Text(batch, "output_file_id"),
            Text(batch, "error_file_id"),
            Text(metadata, BatchChatClient.SubmissionKey),
            Count("total"),
            Count("completed"),
            Count("failed"),
            errors);
    }
}
