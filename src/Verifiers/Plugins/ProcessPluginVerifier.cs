using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// A verifier implemented by an external, long-lived process speaking JSON lines (see <see cref="PluginProtocol"/>):
/// for each sample one request line (the sample as JSON) goes to the plug-in's stdin and one reply line
/// <c>{"outcome": "pass|fail|invalid", "score"?: number, "reason"?: string, "details"?: any}</c> comes back on its stdout.
/// Up to <see cref="ProcessPluginOptions.Instances"/> processes serve requests concurrently, each one request at a
/// time. A reply that does not come within the timeout, a crash and a malformed reply give that sample an
/// <c>invalid</c> verdict with the reason, and the process is restarted for the next request; the plug-in's stderr
/// goes to the logger. Plug-ins are trusted user code: they are not sandboxed. Thread-safe.
/// </summary>
public sealed class ProcessPluginVerifier : IVerifier, IDisposable
{
    private readonly ProcessPluginOptions _options;
    private readonly ConcurrentBag<PluginInstance> _idle = [];
    private readonly List<PluginInstance> _all = [];
    private readonly SemaphoreSlim _available;
    private bool _disposed;

    /// <summary>Creates the verifier; processes start on first use.</summary>
    public ProcessPluginVerifier(ProcessPluginOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        logger ??= NullLogger.Instance;
        for (var i = 0; i < _options.Instances; i++)
        {
            var instance = new PluginInstance(_options, logger, i);
            _all.Add(instance);
            _idle.Add(instance);
        }

        _available = new SemaphoreSlim(_options.Instances, _options.Instances);
    }

    /// <inheritdoc />
    public string Name => _options.EffectiveName;

    /// <inheritdoc />
    public string Version => _options.Version;

    /// <summary>Process starts so far over all instances (first starts plus restarts).</summary>
    public int ProcessStarts => _all.Sum(i => i.Starts);

    /// <inheritdoc />
    public async ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var request = JsonSerializer.SerializeToUtf8Bytes(sample, JsonDefaults.Options);
        var line = new byte[request.Length + 1];
        request.CopyTo(line, 0);
        line[^1] = (byte)'\n';

        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        _idle.TryTake(out var instance);
        try
        {
            PluginExchange exchange;
            try
            {
                exchange = await instance!.ExchangeAsync(line, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                instance!.Kill();
                throw;
            }

            var verdict = exchange.Failure is not null
                ? Verdict.Invalid(Name, Version, exchange.Failure)
                : ParseReply(exchange.Line!, instance);
            return verdict with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        }
        finally
        {
            _idle.Add(instance!);
            _available.Release();
        }
    }

    /// <summary>Asks every plug-in process to exit (closes its stdin), then kills what is left.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var instance in _all)
        {
            instance.Dispose();
        }

        _available.Dispose();
    }

    private Verdict ParseReply(byte[] line, PluginInstance instance)
    {
        string? problem;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the reply is not a JSON object";
            }
            else if (!root.TryGetProperty("outcome", out var outcomeElement) || outcomeElement.ValueKind != JsonValueKind.String)
            {
                problem = "the reply has no string 'outcome'";
            }
            else
            {
                VerdictOutcome? outcome = outcomeElement.GetString() switch
                {
                    "pass" => VerdictOutcome.Pass,
                    "fail" => VerdictOutcome.Fail,
                    "invalid" => VerdictOutcome.Invalid,
                    _ => null,
                };
                double? score = null;
                string? reason = null;
                problem = outcome is null ? $"'outcome' must be pass, fail or invalid (was '{outcomeElement.GetString()}')" : null;
                if (problem is null && root.TryGetProperty("score", out var scoreElement) && scoreElement.ValueKind != JsonValueKind.Null)
                {
                    if (scoreElement.ValueKind == JsonValueKind.Number && scoreElement.TryGetDouble(out var s) && double.IsFinite(s))
                    {
                        score = s;
                    }
                    else
                    {
                        problem = "'score' must be a finite number";
                    }
                }

                if (problem is null && root.TryGetProperty("reason", out var reasonElement) && reasonElement.ValueKind != JsonValueKind.Null)
                {
                    if (reasonElement.ValueKind == JsonValueKind.String)
                    {
                        reason = reasonElement.GetString();
                    }
                    else
                    {
                        problem = "'reason' must be a string";
                    }
                }

                if (problem is null)
                {
                    if (outcome == VerdictOutcome.Invalid && string.IsNullOrEmpty(reason))
                    {
                        reason = "the plug-in could not verify the sample (no reason given)";
                    }

                    return new Verdict
                    {
                        Name = Name,
                        Version = Version,
                        Outcome = outcome!.Value,
                        Score = score,
                        Reason = reason,
                        Details = root.TryGetProperty("details", out var details) && details.ValueKind != JsonValueKind.Null ? details.Clone() : null,
                    };
                }
            }
        }
        catch (JsonException ex)
        {
            problem = "not JSON: " + ex.Message;
        }

        // After a malformed reply the stream may be out of step: restart the process for the next request.
        instance.Kill();
        var text = Encoding.UTF8.GetString(line);
        return Verdict.Invalid(Name, Version, $"malformed reply ({problem}): {(text.Length > 200 ? text[..200] + "…" : text)}");
    }
}
