using System.Text.Json;
using MidTrain.Classifiers.Labels;
using MidTrain.Classifiers.Training;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Runs;

namespace MidTrain.Orchestrator.Corpus;

/// <summary>
/// Joins judge labels to the texts they judged, for <c>midtrain classifier train</c>: the corpus is any input
/// <see cref="CorpusReader"/> reads (labels' items are record ids, as a <c>judge:</c> stage over documents writes them),
/// or the run directory of the labelling run (its <c>accepted.jsonl</c> and <c>rejected.jsonl</c> samples: item =
/// sample id, text = <c>source.text</c>, which also serves passages). Only labelled texts are kept in memory. Stateless.
/// </summary>
public static class LabelledCorpus
{
    /// <summary>Returns the labelled texts in corpus order and how many labels found no text.</summary>
    /// <param name="labels">The judge labels.</param>
    /// <param name="corpus">A corpus path (see <see cref="CorpusOptions.Path"/>) or the labelling run's directory.</param>
    /// <param name="idField">The corpus's id field.</param>
    /// <param name="textField">The corpus's text field.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="FileNotFoundException">The corpus does not exist.</exception>
    public static async Task<(IReadOnlyList<LabelledText> Texts, long Unmatched)> JoinAsync(
        JudgeLabelSet labels, string corpus, string idField = "id", string textField = "text", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var texts = new List<LabelledText>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Offer(string id, string text)
        {
            if (labels.Scores.TryGetValue(id, out var label) && seen.Add(id))
            {
                texts.Add(new LabelledText(id, text, label));
            }
        }

        if (IsRunDirectory(corpus))
        {
            foreach (var (id, text) in RunSamples(corpus))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Offer(id, text);
            }
        }
        else
        {
            var reader = new CorpusReader(new CorpusOptions { Path = corpus, IdField = idField, TextField = textField });
            await foreach (var record in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (record.Payload is Document document)
                {
                    Offer(document.Id, document.Text);
                }
            }
        }

        return (texts, labels.Scores.Count - texts.Count);
    }

    /// <summary>Whether <paramref name="path"/> is a run directory (it holds a manifest and accepted.jsonl).</summary>
    public static bool IsRunDirectory(string path) =>
        Directory.Exists(path) && File.Exists(Path.Combine(path, RunFiles.Manifest)) && File.Exists(Path.Combine(path, RunFiles.Accepted));

    private static IEnumerable<(string Id, string Text)> RunSamples(string runDirectory)
    {
        foreach (var (_, line) in RunFiles.ReadableLines(runDirectory, [RunFiles.Accepted, RunFiles.Rejected]))
        {
            string? id = null, text = null;
            try
            {
                using var json = JsonDocument.Parse(line.Bytes);
                var root = json.RootElement;
                if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String)
                {
                    id = idElement.GetString();
                }

                if (root.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object
                    && source.TryGetProperty("text", out var sourceText) && sourceText.ValueKind == JsonValueKind.String)
                {
                    text = sourceText.GetString();
                }
                else if (root.TryGetProperty("text", out var plain) && plain.ValueKind == JsonValueKind.String)
                {
                    text = plain.GetString();
                }
            }
            catch (JsonException)
            {
                continue;
            }

            if (id is not null && !string.IsNullOrEmpty(text))
            {
                yield return (id, text);
            }
        }
    }
}
