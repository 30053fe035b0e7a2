using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Verification;

namespace MidTrain.Orchestrator.Verification;

/// <summary>Counts of one <see cref="VerifyFileRunner"/> run.</summary>
public sealed record VerifyFileSummary(long Lines, long Pass, long Fail, long Invalid);

/// <summary>
/// Runs an <see cref="ILineVerifier"/> over a JSONL file: each output line is its input line plus a <c>verdict</c>
/// object, in input order, with up to <c>concurrency</c> lines checked at once (bounded look-ahead, so memory stays
/// flat). Lines that are not JSON objects get an <c>invalid</c> verdict naming <c>file:line</c>; nothing is dropped.
/// </summary>
public static class VerifyFileRunner
{
    /// <summary>Verifies every line of <paramref name="inPath"/> into <paramref name="outPath"/>.</summary>
    public static async Task<VerifyFileSummary> RunAsync(
        ILineVerifier verifier, string inPath, string outPath, int concurrency, CancellationToken cancellationToken = default)
    {
        concurrency = Math.Max(1, concurrency);
        var window = Channel.CreateBounded<Task<(string Json, string Outcome)>>(new BoundedChannelOptions(concurrency * 4) { SingleReader = true, SingleWriter = true });
        using var gate = new SemaphoreSlim(concurrency);
        long lines = 0, pass = 0, fail = 0, invalid = 0;

        var producer = Task.Run(async () =>
        {
            try
            {
                using var reader = JsonlLineReader.Open(inPath);
                while (reader.TryRead(out var line))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var task = VerifyOneAsync(verifier, inPath, line.Number, line.Error, line.Error is null ? line.Bytes.ToArray() : null, gate, cancellationToken);
                    await window.Writer.WriteAsync(task, cancellationToken).ConfigureAwait(false);
                }

                window.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                window.Writer.TryComplete(ex);
            }
        }, cancellationToken);

        var directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using (var writer = JsonlWriter.Create(outPath))
        {
            await foreach (var task in window.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var (json, outcome) = await task.ConfigureAwait(false);
                writer.WriteRaw(Encoding.UTF8.GetBytes(json));
                lines++;
                switch (outcome)
                {
                    case "pass":
                        pass++;
                        break;
                    case "fail":
                        fail++;
                        break;
                    default:
                        invalid++;
                        break;
                }
            }
        }

        await producer.ConfigureAwait(false);
        return new VerifyFileSummary(lines, pass, fail, invalid);
    }

    private static async Task<(string Json, string Outcome)> VerifyOneAsync(
        ILineVerifier verifier, string path, long number, string? readError, byte[]? bytes, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        JsonObject line;
        if (readError is not null || bytes is null)
        {
            return Invalid(new JsonObject(), $"{path}:{number}: {readError}");
        }

        try
        {
            var node = JsonNode.Parse(bytes);
            if (node is not JsonObject obj)
            {
                return Invalid(new JsonObject { ["raw"] = Encoding.UTF8.GetString(bytes) }, $"{path}:{number}: line is not a JSON object");
            }

            line = obj;
        }
        catch (JsonException ex)
        {
            return Invalid(new JsonObject { ["raw"] = Encoding.UTF8.GetString(bytes) }, $"{path}:{number}: invalid JSON: {ex.Message}");
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var verdict = await Task.Run(() => verifier.VerifyLineAsync(line, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
            line["verdict"] = verdict;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A verifier bug on one line is reported on that line; the file goes on.
            line["verdict"] = new JsonObject { ["outcome"] = "invalid", ["reason"] = $"{path}:{number}: verifier error: {ex.GetType().Name}: {ex.Message}", ["duration_ms"] = 0 };
        }
        finally
        {
            gate.Release();
        }

        var outcome = line["verdict"] is JsonObject v && v["outcome"] is JsonValue o && o.TryGetValue<string>(out var text) ? text : "invalid";
        return (line.ToJsonString(JsonDefaults.Options), outcome);
    }

    private static (string Json, string Outcome) Invalid(JsonObject line, string reason)
    {
        line["verdict"] = new JsonObject { ["outcome"] = "invalid", ["reason"] = reason, ["duration_ms"] = 0 };
        return (line.ToJsonString(JsonDefaults.Options), "invalid");
    }
}
