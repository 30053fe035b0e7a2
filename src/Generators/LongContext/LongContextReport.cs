using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Core.Records;

namespace MidTrain.Generators.LongContext;

/// <summary>
/// Long-context figures of a generation stage for the run manifest: a histogram of context lengths (tokens when the
/// contexts were budgeted in tokens, else characters; power-of-two bins), documents per context, the task-type mix,
/// and a histogram of evidence depths by decile with the mean distance between drawn and actual depth. Memory is
/// constant. Thread-safe (one lock).
/// </summary>
public sealed class LongContextReport
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, long> _lengths = [];
    private readonly SortedDictionary<int, long> _documents = [];
    private readonly SortedDictionary<string, long> _taskTypes = new(StringComparer.Ordinal);
    private readonly long[] _depths = new long[10];
    private long _contexts;
    private long _tokenContexts;
    private long _samples;
    private long _evidence;
    private double _depthError;

    /// <summary>Records one context given to the generator.</summary>
    public void AddContext(Core.Records.LongContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var length = context.Tokens ?? context.Text.Length;
        var bin = length <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(length));
        lock (_gate)
        {
            _contexts++;
            if (context.Tokens is not null)
            {
                _tokenContexts++;
            }

            _lengths[bin] = _lengths.GetValueOrDefault(bin) + 1;
            _documents[context.Documents.Count] = _documents.GetValueOrDefault(context.Documents.Count) + 1;
        }
    }

    /// <summary>Records one generated sample (its task type and evidence depths, from its fields).</summary>
    public void AddSample(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var evidence = LongContextFields.ReadEvidence(sample);
        var type = sample.Attributes.GetValueOrDefault("task_type") ?? "unknown";
        lock (_gate)
        {
            _samples++;
            _taskTypes[type] = _taskTypes.GetValueOrDefault(type) + 1;
            foreach (var e in evidence)
            {
                _evidence++;
                _depths[Math.Clamp((int)(e.Depth * 10), 0, 9)]++;
                _depthError += Math.Abs(e.Depth - e.TargetDepth);
            }
        }
    }

    /// <summary>The figures as JSON (the <c>long_context</c> object of the stage report).</summary>
    public JsonObject ToJson()
    {
        lock (_gate)
        {
            var lengths = new JsonArray();
            foreach (var (bin, count) in _lengths)
            {
                lengths.Add(new JsonObject { ["above"] = bin == 0 ? 0 : 1L << (bin - 1), ["up_to"] = 1L << bin, ["contexts"] = count });
            }

            var documents = new JsonObject();
            foreach (var (n, count) in _documents)
            {
                documents[n.ToString(CultureInfo.InvariantCulture)] = count;
            }

            var types = new JsonObject();
            foreach (var (type, count) in _taskTypes)
            {
                types[type] = count;
            }

            var depths = new JsonObject();
            for (var d = 0; d < 10; d++)
            {
                depths[string.Create(CultureInfo.InvariantCulture, $"{d * 10}-{(d + 1) * 10}%")] = _depths[d];
            }

            return new JsonObject
            {
                ["contexts"] = _contexts,
                ["samples"] = _samples,
                ["context_length_unit"] = _contexts > 0 && _tokenContexts == _contexts ? "tokens" : "chars",
                ["context_length_histogram"] = lengths,
                ["documents_per_context"] = documents,
                ["task_types"] = types,
                ["evidence_per_sample"] = _samples == 0 ? 0 : Math.Round((double)_evidence / _samples, 3),
                ["evidence_depth_histogram"] = depths,
                ["evidence_depth_mean_shift"] = _evidence == 0 ? 0 : Math.Round(_depthError / _evidence, 4),
            };
        }
    }
}
