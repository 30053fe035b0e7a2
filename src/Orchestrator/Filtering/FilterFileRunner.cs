using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Files;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Filters.Contracts;
using MidTrain.Orchestrator.LineFiles;

namespace MidTrain.Orchestrator.Filtering;

/// <summary>Counts of one <see cref="FilterFileRunner"/> run.</summary>
public sealed record FilterFileSummary(long Lines, long Kept, long Rewritten, long Rejected, long BadInput);

/// <summary>
/// Runs an <see cref="IFilter"/> — the same one a <c>filter:</c> stage uses — over a JSONL file: a kept line goes to the
/// output (its text rewritten, the filter's annotations added as fields), a rejected line to the rejects file with a
/// <c>rejection</c> object; a line that is not a JSON object, or has no text, goes to the rejects file as
/// <c>bad_input</c> naming file, line and field. Every input line ends in exactly one of the two files, in input order,
/// with up to <c>concurrency</c> lines filtered at once (bounded look-ahead: memory stays flat). A line with
/// <c>messages</c> and <c>source</c> is a sample; any other line is a document (<c>id</c> and the text field).
/// </summary>
public static class FilterFileRunner
{
    /// <summary>Filters <paramref name="inPath"/> into <paramref name="outPath"/> and <paramref name="rejectedPath"/>.</summary>
    public static async Task<FilterFileSummary> RunAsync(IFilter filter, string inPath, string outPath, string rejectedPath, string textField, int concurrency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        long lines = 0, kept = 0, rewritten = 0, rejected = 0, bad = 0;
        OutputFolder.EnsureFor(outPath);
        OutputFolder.EnsureFor(rejectedPath);
        using (var keptWriter = JsonlWriter.Create(outPath))
        using (var rejectedWriter = JsonlWriter.Create(rejectedPath))
        {
            await OrderedLineMap.RunAsync(
                inPath,
                concurrency,
                (line, gate) => FilterOneAsync(filter, line, textField, gate, cancellationToken),
                outcome =>
                {
                    lines++;
                    (outcome.Rejected ? rejectedWriter : keptWriter).WriteRaw(Encoding.UTF8.GetBytes(outcome.Json));
                    if (outcome.BadInput)
                    {
                        bad++;
                    }
                    else if (outcome.Rejected)
                    {
                        rejected++;
                    }
                    else
                    {
                        kept++;
                        rewritten += outcome.Rewritten ? 1 : 0;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        return new FilterFileSummary(lines, kept, rewritten, rejected, bad);
    }

    private static async Task<Outcome> FilterOneAsync(IFilter filter, InputLine input, string textField, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        if (input.TryParseObject(out var problem, out var shown) is not { } line)
        {
            return Bad(shown, problem);
        }

        var (path, number) = (input.Path, input.Number);
        Sample? sample = null;
        Document? document = null;
        if (line["messages"] is JsonArray && line["source"] is JsonObject)
        {
            try
            {
                sample = line.Deserialize<Sample>(JsonDefaults.Options);
            }
            catch (JsonException ex)
            {
                return Bad(line, $"{path}:{number}: not a valid sample: {ex.Message}");
            }
        }
        else if (line[textField] is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            var id = line["id"] is JsonValue idValue && idValue.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? idValue.ToString() : $"line-{number.ToString(CultureInfo.InvariantCulture)}";
            var metadata = line.Where(p => p.Key != textField && p.Key != "id").ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value, JsonDefaults.Options), StringComparer.Ordinal);
            document = new Document(id, text.GetValue<string>()) { Metadata = metadata };
        }
        else
        {
            return Bad(line, $"{path}:{number}: field '{textField}': {(line.ContainsKey(textField) ? "not a string" : "missing")}");
        }

        FilterDecision decision;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var item = sample is not null ? FilterItem.FromSample(sample) : FilterItem.FromDocument(document!);
            decision = await Task.Run(() => filter.FilterAsync(item, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }

        if (decision.IsRejected)
        {
            line["rejection"] = new JsonObject
            {
                ["by"] = filter.Name,
                ["reason"] = decision.Reason,
                ["message"] = decision.Message,
                ["details"] = decision.Details is { } details ? JsonNode.Parse(details.GetRawText()) : null,
            };
            return new Outcome(line.ToJsonString(JsonDefaults.Options), Rejected: true, BadInput: false, Rewritten: false);
        }

        if (sample is not null)
        {
            return new Outcome(JsonSerializer.Serialize(decision.ApplyTo(sample), JsonDefaults.Options), false, false, decision.Rewrites.Count > 0);
        }

        var applied = decision.ApplyTo(document!);
        line[textField] = applied.Text;
        foreach (var (key, value) in decision.Annotations)
        {
            line[key] = JsonNode.Parse(value.GetRawText());
        }

        return new Outcome(line.ToJsonString(JsonDefaults.Options), false, false, decision.Rewrites.Count > 0);
    }

    private static Outcome Bad(JsonObject line, string reason)
    {
        line["rejection"] = new JsonObject { ["by"] = "bad_input", ["reason"] = "bad_input", ["message"] = reason };
        return new Outcome(line.ToJsonString(JsonDefaults.Options), Rejected: true, BadInput: true, Rewritten: false);
    }

    private sealed record Outcome(string Json, bool Rejected, bool BadInput, bool Rewritten);
}
