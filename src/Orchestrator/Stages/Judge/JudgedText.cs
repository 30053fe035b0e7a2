using MidTrain.Core.Failures;
using MidTrain.Core.Records;

namespace MidTrain.Orchestrator.Stages.Judge;

/// <summary>
/// How a <c>judge:</c> stage judges documents and passages (to label a corpus, e.g. for a quality classifier): each
/// becomes a sample with no messages whose source text is the document or passage, so criteria that read only
/// <c>{{$passage}}</c> (like <c>educational_value</c>) judge it; a criterion that reads a question or an answer gives an
/// invalid judgement. The sample's id is the document id (a passage: <c>DOC#pINDEX</c>), so the run's
/// <c>judgements.jsonl</c> labels join back to the corpus by id; document metadata goes into the sample's <c>fields</c>.
/// </summary>
internal static class JudgedText
{
    public static Sample ToSample(object payload) => payload switch
    {
        Sample sample => sample,
        Document document => new Sample
        {
            Id = document.Id,
            Source = new SourceSpan(document.Id, 0, 0, document.Text.Length) { Text = document.Text },
            Attributes = new Dictionary<string, string> { ["unit"] = "document" },
            Fields = document.Metadata,
        },
        Passage passage => new Sample
        {
            Id = $"{passage.DocumentId}#p{passage.Index}",
            Source = new SourceSpan(passage.DocumentId, passage.Index, passage.Start, passage.End) { Text = passage.Text },
            Attributes = new Dictionary<string, string> { ["unit"] = "passage" },
            Fields = passage.Metadata,
        },
        _ => throw new ItemFailureException("bad_input", $"a judge stage judges samples, documents or passages, not {payload.GetType().Name}"),
    };
}
