using System.Diagnostics;
using System.Globalization;
using System.Text;
using MidTrain.Orchestrator.Runs;

namespace MidTrain.Orchestrator.Cli;

/// <summary>
/// Live progress of a run on stderr: records read (with % of input bytes and ETA), lines written, per stage
/// items in/out/rejected/failed with rates, and model usage and cost against the budget. On a terminal the block is redrawn in place twice a second; otherwise a
/// plain line is printed every <c>plainInterval</c>.
/// </summary>
internal sealed class ProgressDisplay : IAsyncDisposable
{
    private readonly PipelineRunner _runner;
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _drawnLines;

    public ProgressDisplay(PipelineRunner runner, TextWriter output, bool interactive, TimeSpan plainInterval)
    {
        _runner = runner;
        _out = output;
        _interactive = interactive;
        _interval = interactive ? TimeSpan.FromMilliseconds(500) : plainInterval;
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Draw();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Draw()
    {
        var engine = _runner.Engine;
        var corpus = _runner.Corpus;
        if (engine is null || corpus is null)
        {
            return;
        }

        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var read = engine.RecordsRead;
        var fraction = corpus.TotalBytes > 0 ? (double)corpus.BytesRead / corpus.TotalBytes : 0;
        var eta = fraction > 0.001 && fraction < 1 ? TimeSpan.FromSeconds(seconds * (1 - fraction) / fraction) : (TimeSpan?)null;
        var (accepted, rejected, failed) = engine.Written;
        var lines = new List<string>
        {
            $"records {read:N0} ({fraction:P0} of input, {read / seconds:N0}/s){(eta is { } e ? $", ETA {Format(e)}" : string.Empty)} | accepted {accepted:N0} rejected {rejected:N0} failed {failed:N0} | {Format(_clock.Elapsed)}",
        };
        foreach (var stage in engine.Counters)
        {
            lines.Add($"  {stage.Name,-28} in {stage.In,10:N0}  out {stage.Out,10:N0}  rej {stage.Rejected,8:N0}  fail {stage.Failed,8:N0}  {stage.In / seconds,9:N1}/s");
        }

        if (UsageLine() is { } usage)
        {
            lines.Add(usage);
        }

        foreach (var (name, batches) in _runner.Models?.BatchProgress() ?? [])
        {
            lines.Add($"  batches {name}: {batches.OpenBatches:N0} open ({batches.RequestsInOpenBatches:N0} requests), {batches.EndedBatches:N0} ended, {batches.Queued:N0} requests queued");
        }

        foreach (var (name, concurrency) in _runner.Models?.AdaptiveConcurrency() ?? [])
        {
            var endpoints = concurrency.Endpoints;
            lines.Add($"  concurrency {name}: auto {endpoints.Sum(e => e.Limit)} ({string.Join(" + ", endpoints.Select(e => $"{e.InFlight}/{e.Limit}"))} in flight; {concurrency.Options.Min}..{concurrency.Options.Max} per endpoint, {endpoints.Sum(e => e.Decreases)} decreases)");
        }

        if (_interactive)
        {
            var sb = new StringBuilder();
            if (_drawnLines > 0)
            {
                sb.Append($"\u001b[{_drawnLines}F");
            }

            foreach (var line in lines)
            {
                sb.Append("\u001b[2K").Append(line).Append('\n');
            }

            _out.Write(sb.ToString());
            _drawnLines = lines.Count;
        }
        else
        {
            _out.WriteLine(string.Join(" ;", lines.Select(l => l.Trim())));
        }

        _out.Flush();
    }

    /// <summary>Requests, tokens and cost across the run's sessions, against the budget when there is one; null before any model call.</summary>
    private string? UsageLine()
    {
        if (_runner.Ledger is not { } ledger)
        {
            return null;
        }

        var spent = ledger.Spent();
        if (spent.Requests == 0 && spent.Tokens == 0 && _runner.Limits?.Any != true)
        {
            return null;
        }

        var budget = _runner.Request.Config.Budget;
        var text = new StringBuilder($"  usage: {spent.Requests:N0} requests, {Tokens(spent.Tokens)} tokens");
        if (spent.Priced)
        {
            text.Append(CultureInfo.InvariantCulture, $", ${spent.Usd:N2}");
        }

        var limits = new List<string>();
        if (budget?.Usd is { } usd)
        {
            limits.Add($"${usd:N2}");
        }

        if (budget?.Tokens is { } tokens)
        {
            limits.Add($"{Tokens((long)tokens)} tokens");
        }

        if (budget?.Requests is { } requests)
        {
            limits.Add($"{requests:N0} requests");
        }

        if (budget?.Wall is { } wall)
        {
            limits.Add($"{Format(spent.Wall)} of {Format(wall)}");
        }

        if (limits.Count > 0)
        {
            text.Append(" | budget ").Append(string.Join(", ", limits));
        }

        if (_runner.Request.Config.Target?.Accepted is { } target)
        {
            text.Append(CultureInfo.InvariantCulture, $" | target {target:N0} accepted");
        }

        if (_runner.Limits is { Stop: { } stop } runLimits)
        {
            text.Append(" | ").Append(runLimits.Describe(stop, spent)).Append(", finishing in-flight items");
        }

        return text.ToString();
    }

    private static string Tokens(long n) => n switch
    {
        >= 10_000_000_000 => $"{n / 1e9:N0}G",
        >= 1_000_000_000 => $"{n / 1e9:N1}G",
        >= 10_000_000 => $"{n / 1e6:N0}M",
        >= 1_000_000 => $"{n / 1e6:N1}M",
        >= 10_000 => $"{n / 1e3:N0}k",
        _ => n.ToString("N0", CultureInfo.InvariantCulture),
    };

    private static string Format(TimeSpan span) => span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:D2}m" : $"{span.Minutes}m{span.Seconds:D2}s";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Draw();
        _stop.Dispose();
    }
}
