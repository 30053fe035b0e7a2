using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Judges.Labels;

/// <summary>
/// Writes judgements as agreement labels (DESIGN §4), one JSON line per valid judgement:
/// <c>{"item": &lt;sample id&gt;, "rater": "&lt;judge model&gt;/&lt;criterion&gt;", "label": &lt;score&gt;}</c>, so a run's
/// <c>judgements.jsonl</c> can be fed to <c>midtrain agreement</c> together with human labels.
/// Invalid judgements are skipped, not written as <c>null</c>: a missing label is simply absent in the label format,
/// so an unparseable reply never counts as a rating (<see cref="Skipped"/> counts them).
/// Thread-safe (a judge stage's concurrent items share one writer); lines are whole even after a crash (see <see cref="JsonlWriter"/>).
/// </summary>
public sealed class JudgementLabelWriter : IDisposable, IAsyncDisposable
{
    private readonly JsonlWriter _writer;
    private readonly Lock _gate = new();

    private JudgementLabelWriter(JsonlWriter writer) => _writer = writer;

    /// <summary>Lines written.</summary>
    public long Written { get; private set; }

    /// <summary>Invalid judgements skipped.</summary>
    public long Skipped { get; private set; }

    /// <summary>The file path.</summary>
    public string Path => _writer.Path;

    /// <summary>Creates (or empties) <paramref name="path"/>.</summary>
    public static JudgementLabelWriter Create(string path) => new(JsonlWriter.Create(path));

    /// <summary>Opens <paramref name="path"/> for appending (a resumed run), repairing a torn last line first.</summary>
    public static JudgementLabelWriter Append(string path) => new(JsonlWriter.Append(path));

    /// <summary>The rater name of <paramref name="judgement"/>: <c>&lt;judge model&gt;/&lt;criterion&gt;</c>.</summary>
    public static string RaterOf(Judgement judgement)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        return $"{judgement.Judge}/{judgement.Criterion}";
    }

    /// <summary>Writes the valid judgements of <paramref name="sample"/> (its own <see cref="Sample.Judgements"/> when <paramref name="judgements"/> is null). Returns the lines written.</summary>
    public int Write(Sample sample, IEnumerable<Judgement>? judgements = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return Write(sample.Id, judgements ?? sample.Judgements);
    }

    /// <summary>Writes the valid <paramref name="judgements"/> of item <paramref name="item"/>. Returns the lines written.</summary>
    public int Write(string item, IEnumerable<Judgement> judgements)
    {
        ArgumentException.ThrowIfNullOrEmpty(item);
        ArgumentNullException.ThrowIfNull(judgements);
        var lines = 0;
        lock (_gate)
        {
            foreach (var judgement in judgements)
            {
                if (!judgement.IsValid || judgement.Score is not { } score)
                {
                    Skipped++;
                    continue;
                }

                var rater = RaterOf(judgement);
                _writer.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("item", item);
                    json.WriteString("rater", rater);
                    json.WriteNumber("label", score);
                    json.WriteEndObject();
                });
                lines++;
            }

            Written += lines;
        }

        return lines;
    }

    /// <summary>Hands buffered lines to the operating system (with <paramref name="toDisk"/>, also fsyncs).</summary>
    public void Flush(bool toDisk = false)
    {
        lock (_gate)
        {
            _writer.Flush(toDisk);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
