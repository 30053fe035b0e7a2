using MidTrain.Orchestrator.Corpus;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Tests.Corpus;

public sealed class CorpusSamplerTests
{
    private static List<SourceRecord> Records(int count) =>
        Enumerable.Range(0, count).Select(i => new SourceRecord(new RootRecord($"doc-{i}", "c.jsonl", i + 1), new Core.Records.Document($"doc-{i}", "text"), null)).ToList();

    private static HashSet<string> Chosen(IEnumerable<SourceRecord> records, CorpusSampler sampler) =>
        records.Select(r => r.Root.Key).Where(sampler.Contains).ToHashSet();

    [Fact]
    public async Task SelectAsync_ShuffledCorpus_ChoosesTheSameRecords()
    {
        var records = Records(5000);
        var shuffled = records.ToArray();
        new Random(4).Shuffle(shuffled);

        var a = await CorpusSampler.SelectAsync(records.ToAsyncEnumerable(), 300, seed: 9);
        var b = await CorpusSampler.SelectAsync(shuffled.ToAsyncEnumerable(), 300, seed: 9);

        a.Selected.Should().Be(300);
        Chosen(records, a).Should().HaveCount(300).And.BeEquivalentTo(Chosen(records, b));
    }

    [Fact]
    public async Task SelectAsync_SmallerN_IsNestedInTheLargerSample()
    {
        var records = Records(3000);

        var small = Chosen(records, await CorpusSampler.SelectAsync(records.ToAsyncEnumerable(), 100, seed: 1));
        var large = Chosen(records, await CorpusSampler.SelectAsync(records.ToAsyncEnumerable(), 1000, seed: 1));

        small.Should().HaveCount(100);
        large.Should().HaveCount(1000);
        small.Should().BeSubsetOf(large);
    }

    [Fact]
    public async Task SelectAsync_OtherSeed_OtherSample()
    {
        var records = Records(3000);

        var a = Chosen(records, await CorpusSampler.SelectAsync(records.ToAsyncEnumerable(), 500, seed: 1));
        var b = Chosen(records, await CorpusSampler.SelectAsync(records.ToAsyncEnumerable(), 500, seed: 2));

        // Two independent uniform samples of 1/6 of the corpus share about 1/6 of their members.
        a.Intersect(b).Count().Should().BeInRange(40, 130);
    }

    [Fact]
    public async Task SelectAsync_CorpusSmallerThanN_TakesEveryRecord()
    {
        var records = Records(40);

        var sampler = await CorpusSampler.SelectAsync(records.ToAsyncEnumerable(), 100, seed: 3);

        sampler.Selected.Should().Be(40);
        sampler.Scanned.Should().Be(40);
        Chosen(records, sampler).Should().HaveCount(40);
    }

    [Fact]
    public async Task SelectAsync_IsUniformOverCorpusPosition()
    {
        var records = Records(20_000);

        var chosen = Chosen(records, await CorpusSampler.SelectAsync(records.ToAsyncEnumerable(), 4000, seed: 11));

        // Each quarter of the corpus should hold a quarter of the sample: 1000 ± 4σ (σ ≈ 27).
        for (var quarter = 0; quarter < 4; quarter++)
        {
            var inQuarter = records.Skip(quarter * 5000).Take(5000).Count(r => chosen.Contains(r.Root.Key));
            inQuarter.Should().BeInRange(890, 1110, $"quarter {quarter}");
        }
    }
}
