using MidTrain.Tests;
using MidTrain.Verifiers.Citation;
using MidTrain.Verifiers.Citation.Quotes;
using Xunit.Abstractions;

namespace MidTrain.Verifiers.Tests.Citation;

public sealed class CitationCheckerLabelledSetTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4242)]
    [InlineData(1)]
    [InlineData(2)]
    public void CheckQuote_LabelledMultilingualSet_PrecisionAndRecallAtLeast98Percent(int seed)
    {
        var set = new LabelledQuoteSet(Path.Combine(TestPaths.RepoRoot, "tests", "MidTrain.Verifiers.Tests", "Citation", "Data", "corpus.jsonl"), seed);
        var checker = new CitationChecker();
        var sources = set.Documents.ToDictionary(d => d.Id, d => checker.CreateSource(d.Id, d.Text));
        int tp = 0, fp = 0, tn = 0, fn = 0;
        var byKind = new SortedDictionary<string, (int Total, int Accepted)>();
        foreach (var item in set.Items)
        {
            var check = checker.CheckQuote(new Quote(item.Quote, item.DocumentId), [sources[item.DocumentId]]);
            var (total, accepted) = byKind.GetValueOrDefault(item.Kind);
            byKind[item.Kind] = (total + 1, accepted + (check.Supported ? 1 : 0));
            switch (item.IsTrue, check.Supported)
            {
                case (true, true): tp++; break;
                case (true, false): fn++; output.WriteLine($"FN [{item.DocumentId}] {check.Reason} id={check.Identity:0.000} cov={check.Coverage:0.000}: {item.Quote.ReplaceLineEndings("⏎")}"); break;
                case (false, true): fp++; output.WriteLine($"FP [{item.Kind}] id={check.Identity:0.000} cov={check.Coverage:0.000}: {item.Quote.ReplaceLineEndings("⏎")} | source: {check.SourceText}"); break;
                default: tn++; break;
            }
        }

        var precision = (double)tp / (tp + fp);
        var recall = (double)tp / (tp + fn);
        output.WriteLine($"items {set.Items.Count} from {set.Documents.Count} documents ({string.Join(", ", set.Documents.Select(d => d.Language).Distinct())})");
        output.WriteLine("                 supported  unsupported");
        output.WriteLine($"true quotes      {tp,9}  {fn,11}");
        output.WriteLine($"false quotes     {fp,9}  {tn,11}");
        output.WriteLine($"precision {precision:0.0000}, recall {recall:0.0000}");
        foreach (var (kind, (total, accepted)) in byKind)
        {
            output.WriteLine($"  {kind,-16} {accepted,4} / {total,4} accepted");
        }

        precision.Should().BeGreaterThanOrEqualTo(0.98);
        recall.Should().BeGreaterThanOrEqualTo(0.98);
        byKind["number-changed"].Accepted.Should().Be(0, "a changed number must always be caught");
        byKind["name-changed"].Accepted.Should().Be(0, "a changed name must always be caught");
    }
}
