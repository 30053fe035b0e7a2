using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Files;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Core.Verification;
using MidTrain.Orchestrator.LineFiles;

namespace MidTrain.Orchestrator.Verification;

/// <summary>Counts of one <see cref="VerifyFileRunner"/> run.</summary>
public sealed record VerifyFileSummary(long Lines, long Pass, long Fail, long Invalid);

/// <summary>
/// Runs an <see cref="IVerifier"/> — the same one a <c>verify:</c> stage uses — over a JSONL file: each output line is
/// its input line plus a <c>verdict</c> object (the verdict's name, version, outcome, score, reason and duration, with
/// its details' keys alongside), in input order, with up to <c>concurrency</c> lines checked at once (bounded
/// look-ahead, so memory stays flat). A line is a sample when it has a <c>messages</c> list (e.g. a run's
/// <c>accepted.jsonl</c>); otherwise its fields become the sample's <c>fields</c> and its answer field (e.g.
/// <c>prediction</c> for math) the assistant message. Lines that are not JSON objects get an <c>invalid</c> verdict
/// naming <c>file:line</c>; nothing is dropped.
/// </summary>
public static class VerifyFileRunner
{
    /// <summary>Verifies every line of <paramref name="inPath"/> into <paramref name="outPath"/>.</summary>
    /// <param name="verifier">The verifier.</param>
    /// <param name="answerField">The field of a flat line holding the answer to check, or null.</param>
    /// <param name="inPath">The input JSONL file.</param>
    /// <param name="outPath">The output JSONL file.</param>
    /// <param name="concurrency">Lines checked at once.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<VerifyFileSummary> RunAsync(
        IVerifier verifier, string? answerField, string inPath, string outPath, int concurrency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        long lines = 0, pass = 0, fail = 0, invalid = 0;
        OutputFolder.EnsureFor(outPath);
        using (var writer = JsonlWriter.Create(outPath))
        {
            await OrderedLineMap.RunAsync(
                inPath,
                concurrency,
                (line, gate) => VerifyOneAsync(verifier, answerField, line, gate, cancellationToken),
                result =>
                {
                    writer.WriteRaw(Encoding.UTF8.GetBytes(result.Json));
                    lines++;
                    switch (result.Outcome)
                    {
                        case VerdictOutcome.Pass:
                            pass++;
                            break;
                        case VerdictOutcome.Fail:
                            fail++;
                            break;
                        default:
                            invalid++;
                            break;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        return new VerifyFileSummary(lines, pass, fail, invalid);
    }

    private static async Task<(string Json, VerdictOutcome Outcome)> VerifyOneAsync(
        IVerifier verifier, string? answerField, InputLine input, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        if (input.TryParseObject(out var problem, out var shown) is not { } line)
        {
            return Invalid(verifier, shown, problem);
        }

        Sample sample;
        try
        {
            sample = VerifierLines.ToSample(line, answerField, input.Number);
        }
        catch (JsonException ex)
        {
            return Invalid(verifier, new JsonObject { ["raw"] = Encoding.UTF8.GetString(input.Bytes!) }, $"{input.Path}:{input.Number}: invalid JSON: {ex.Message}");
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        Verdict verdict;
        try
        {
            verdict = await Task.Run(() => verifier.VerifyAsync(sample, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A verifier bug on one line is reported on that line; the file goes on.
            verdict = Verdict.Invalid(verifier.Name, verifier.Version, $"{input.Path}:{input.Number}: verifier error: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            gate.Release();
        }

        line["verdict"] = VerifierLines.VerdictJson(verdict);
        return (line.ToJsonString(JsonDefaults.Options), verdict.Outcome);
    }

    private static (string Json, VerdictOutcome Outcome) Invalid(IVerifier verifier, JsonObject line, string reason)
    {
        line["verdict"] = VerifierLines.VerdictJson(Verdict.Invalid(verifier.Name, verifier.Version, reason));
        return (line.ToJsonString(JsonDefaults.Options), VerdictOutcome.Invalid);
    }
}
