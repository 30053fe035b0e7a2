using MidTrain.Core.Failures;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Tests.Pipeline;

/// <summary>Hand-written stages for engine tests.</summary>
internal sealed class LambdaStage(string name, Func<object, IStageOutput, CancellationToken, ValueTask> process, int concurrency = 1, int capacity = 1)
    : Stage(name, concurrency, capacity)
{
    public override ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken) =>
        process(payload, output, cancellationToken);

    public static LambdaStage PassThrough(string name = "pass", int concurrency = 1, int capacity = 1) =>
        new(name, (p, o, ct) => o.EmitAsync(p, ct), concurrency, capacity);

    public static LambdaStage ThrowingOn(Func<Document, bool> when, string name = "throwing", int concurrency = 1) =>
        new(name, (p, o, ct) => when((Document)p) ? throw new InvalidOperationException($"boom on {((Document)p).Id}") : o.EmitAsync(p, ct), concurrency);

    public static LambdaStage AbortingOn(Func<Document, bool> when, string name = "aborting") =>
        new(name, (p, o, ct) => when((Document)p) ? throw new RunAbortException("disk on fire") : o.EmitAsync(p, ct));
}

/// <summary>An in-memory sink recording everything, with the invariants of a real one.</summary>
internal sealed class MemorySink : IRecordSink
{
    private readonly List<string> _pending = [];

    public List<(string Root, object Payload)> Accepted { get; } = [];

    public List<(string Root, object Payload, Rejection Rejection)> Rejected { get; } = [];

    public List<(string Root, object? Payload, ItemFailure Failure)> Failed { get; } = [];

    public List<string> Done { get; } = [];

    public int Checkpoints { get; private set; }

    public void WriteAccepted(RootRecord root, object payload) => Accepted.Add((root.Key, payload));

    public void WriteRejected(RootRecord root, object payload, Rejection rejection) => Rejected.Add((root.Key, payload, rejection));

    public void WriteFailed(RootRecord root, object? payload, ItemFailure failure) => Failed.Add((root.Key, payload, failure));

    public void MarkDone(RootRecord root) => _pending.Add(root.Key);

    public void Checkpoint()
    {
        Checkpoints++;
        Done.AddRange(_pending);
        _pending.Clear();
    }

    public IEnumerable<string> AllOutputRoots => Accepted.Select(a => a.Root).Concat(Rejected.Select(r => r.Root)).Concat(Failed.Select(f => f.Root));
}

internal static class Sources
{
    public static IEnumerable<SourceRecord> Documents(int count, Action<int>? onProduce = null)
    {
        for (var i = 0; i < count; i++)
        {
            onProduce?.Invoke(i);
            var id = $"doc-{i:D6}";
            yield return new SourceRecord(new RootRecord(id, "mem.jsonl", i + 1), new Document(id, $"text {i}"), null);
        }
    }
}
