using System.Threading.Channels;
using MidTrain.Core.Jsonl;

namespace MidTrain.Orchestrator.LineFiles;

/// <summary>
/// The loop under the file commands (<c>midtrain verify</c>, <c>midtrain filter</c>): reads a JSONL file, starts
/// <c>map</c> on each line as it is read, with up to <c>concurrency</c> mapped at once behind the gate it hands them,
/// and hands every result to <c>write</c> in input order. Look-ahead is bounded (four results a slot), so memory stays
/// flat on any file size. A fault of the reader or of a mapping ends the run with that exception.
/// </summary>
internal static class OrderedLineMap
{
    /// <summary>Maps every line of <paramref name="inPath"/> and writes the results in input order.</summary>
    /// <param name="inPath">The input JSONL file.</param>
    /// <param name="concurrency">Lines mapped at once (at least 1).</param>
    /// <param name="map">Maps one line; waits on the gate around its heavy part.</param>
    /// <param name="write">Receives each result, in input order, on one thread.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task RunAsync<TResult>(
        string inPath,
        int concurrency,
        Func<InputLine, SemaphoreSlim, Task<TResult>> map,
        Action<TResult> write,
        CancellationToken cancellationToken)
    {
        concurrency = Math.Max(1, concurrency);
        var window = Channel.CreateBounded<Task<TResult>>(new BoundedChannelOptions(concurrency * 4) { SingleReader = true, SingleWriter = true });
        using var gate = new SemaphoreSlim(concurrency);
        var producer = Task.Run(async () =>
        {
            try
            {
                using var reader = JsonlLineReader.Open(inPath);
                while (reader.TryRead(out var line))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var task = map(new InputLine(inPath, line.Number, line.Error, line.Error is null ? line.Bytes.ToArray() : null), gate);
                    await window.Writer.WriteAsync(task, cancellationToken).ConfigureAwait(false);
                }

                window.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                window.Writer.TryComplete(ex);
            }
        }, cancellationToken);

        await foreach (var task in window.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            write(await task.ConfigureAwait(false));
        }

        await producer.ConfigureAwait(false);
    }
}
