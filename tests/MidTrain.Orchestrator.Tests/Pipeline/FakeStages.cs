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
}

/// <summary>
/// Gathers every <c>size</c> documents into one document (id <c>g:</c> + member ids, text = member texts joined) through
/// <see cref="IStageOutput.Hold"/> and <see cref="IStageOutput.EmitGroupAsync"/>; at the end of the input the rest
/// becomes a last group when it has at least <c>minLast</c> members, else each is rejected.
/// </summary>
internal sealed class BatchingStage(string name, int size, int minLast = 1, int concurrency = 1, int capacity = 1) : Stage(name, concurrency, capacity)
{
    private readonly Lock _gate = new();
    private readonly List<HeldItem> _held = [];

    public int Completions { get; private set; }

    public override async ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var held = output.Hold(payload);
        List<HeldItem>? batch = null;
        lock (_gate)
        {
            _held.Add(held);
            if (_held.Count >= size)
            {
                batch = [.. _held];
                _held.Clear();
            }
        }

        if (batch is not null)
        {
            await EmitAsync(batch, output, cancellationToken);
        }
    }

    public override async ValueTask CompleteAsync(IStageOutput output, CancellationToken cancellationToken)
    {
        Completions++;
        List<HeldItem> rest;
        lock (_gate)
        {
            rest = [.. _held];
            _held.Clear();
        }

        if (rest.Count >= minLast && rest.Count > 0)
        {
            await EmitAsync(rest, output, cancellationToken);
            return;
        }

        foreach (var item in rest)
        {
            await output.RejectHeldAsync(item, new Rejection { Stage = Name, Reason = "too few left" }, cancellationToken);
        }
    }

    public static Document Combine(IReadOnlyList<HeldItem> batch) =>
        new("g:" + string.Join('+', batch.Select(h => ((Document)h.Payload).Id)), string.Join(" | ", batch.Select(h => ((Document)h.Payload).Text)));

    private static ValueTask EmitAsync(List<HeldItem> batch, IStageOutput output, CancellationToken cancellationToken)
    {
        var combined = Combine(batch);
        return output.EmitGroupAsync(combined.Id, batch, combined, cancellationToken);
    }
}

/// <summary>An in-memory sink recording everything, with the invariants of a real one.</summary>
internal sealed class MemorySink : IRecordSink
{
    private readonly List<string> _pending = [];
    private readonly List<string> _pendingGroups = [];

    public List<(string Root, object Payload)> Accepted { get; } = [];

    public List<(string Root, object Payload, Rejection Rejection)> Rejected { get; } = [];

    public List<(string Root, object? Payload, ItemFailure Failure)> Failed { get; } = [];

    /// <summary>Input records journaled (members of a group included).</summary>
    public List<string> Done { get; } = [];

    /// <summary>Group records journaled.</summary>
    public List<string> DoneGroups { get; } = [];

    /// <summary>Units journaled together (the keys of each MarkDone call).</summary>
    public List<IReadOnlyList<string>> Units { get; } = [];

    /// <summary>Records marked done before one of their unit's group outputs was written (must stay empty).</summary>
    public List<string> DoneBeforeOutput { get; } = [];

    public int Checkpoints { get; private set; }

    public void WriteAccepted(RootRecord root, object payload) => Accepted.Add((root.Key, payload));

    public void WriteRejected(RootRecord root, object payload, Rejection rejection) => Rejected.Add((root.Key, payload, rejection));

    public void WriteFailed(RootRecord root, object? payload, ItemFailure failure) => Failed.Add((root.Key, payload, failure));

    public void MarkDone(RootRecord root)
    {
        var unit = root.FinishedWith;
        Units.Add([.. unit.Select(r => r.Key)]);
        foreach (var member in unit)
        {
            if (member.IsGroup)
            {
                _pendingGroups.Add(member.Key);
                if (member.Outputs == 0)
                {
                    DoneBeforeOutput.Add(member.Key);
                }
            }
            else
            {
                _pending.Add(member.Key);
            }
        }
    }

    public void Checkpoint()
    {
        Checkpoints++;
        Done.AddRange(_pending);
        DoneGroups.AddRange(_pendingGroups);
        _pending.Clear();
        _pendingGroups.Clear();
    }

    public IEnumerable<string> AllOutputRoots => Accepted.Select(a => a.Root).Concat(Rejected.Select(r => r.Root)).Concat(Failed.Select(f => f.Root));
}

internal static class Sources
{
    /// <summary><paramref name="count"/> documents, produced on demand (<paramref name="onProduce"/> sees each index first).</summary>
    public static IAsyncEnumerable<SourceRecord> Documents(int count, Action<int>? onProduce = null) => Produce(count, onProduce).ToAsyncEnumerable();

    private static IEnumerable<SourceRecord> Produce(int count, Action<int>? onProduce)
    {
        for (var i = 0; i < count; i++)
        {
            onProduce?.Invoke(i);
            var id = $"doc-{i:D6}";
            yield return new SourceRecord(new RootRecord(id, "mem.jsonl", i + 1), new Document(id, $"text {i}"), null);
        }
    }
}
