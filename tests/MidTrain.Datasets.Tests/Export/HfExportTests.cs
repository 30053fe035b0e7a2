using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MidTrain.Datasets.Export;
using MidTrain.Datasets.Tests.Fixtures;
using YamlDotNet.Serialization;

namespace MidTrain.Datasets.Tests.Export;

/// <summary>
/// <c>export --format hf</c> of the quickstart run, read back by hyparquet (an independent Parquet reader): every row
/// equals its accepted.jsonl line; shards split at the size limit and together hold the whole set.
/// </summary>
public sealed partial class HfExportTests(QuickstartFixture run) : IClassFixture<QuickstartFixture>
{
    private string Accepted => Path.Combine(run.RunDirectory, "accepted.jsonl");

    private string NewOut() => Path.Combine(run.Root, "export-" + Guid.NewGuid().ToString("N")[..8]);

    [SkippableFact]
    public async Task ExportAsync_QuickstartRun_EveryRowHyparquetReadsEqualsItsAcceptedLine()
    {
        Hyparquet.SkipIfUnavailable();
        var output = NewOut();

        var result = await new DatasetExporter(new ExportOptions()).ExportAsync(run.RunDirectory, output);

        result.Files.Should().Equal("data/train-00000-of-00001.parquet");
        var file = (await Hyparquet.ReadAsync(Path.Combine(output, result.Files[0])))[0];
        var accepted = QuickstartRun.Lines(Accepted);
        accepted.Should().HaveCountGreaterThan(20, "the quickstart accepts most of its 2 questions × passages");
        file.RowCount.Should().Be(accepted.Count);
        file.Rows.Select(SampleShape.FromParquet).Should().Equal(accepted.Select(SampleShape.FromJsonl));
        file.Meta["codecs"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("SNAPPY");
        result.Rows.Should().Be(accepted.Count);

        // Chat data as `datasets` expects it: messages is a LIST of structs {role, content, reasoning_content} of UTF-8
        // strings (reasoning_content null unless a reasoning teacher's trace was kept apart, as Qwen3-style templates read it).
        var messages = file.Schema.Single(c => c!["name"]!.GetValue<string>() == "messages")!;
        messages["logical"]!.GetValue<string>().Should().Be("LIST");
        var element = messages["children"]![0]!["children"]![0]!;
        element["children"]!.AsArray().Select(c => (c!["name"]!.GetValue<string>(), c["logical"]!.GetValue<string>()))
            .Should().Equal(("role", "STRING"), ("content", "STRING"), ("reasoning_content", "STRING"));
        file.Schema.Select(c => c!["name"]!.GetValue<string>()).Should().Equal("id", "messages", "source", "attributes", "verdicts", "judgements", "lineage", "fields");
    }

    [SkippableFact]
    public async Task ExportAsync_SmallShardSize_SeveralShardsNamedKofNWhoseUnionIsTheWholeSet()
    {
        Hyparquet.SkipIfUnavailable();
        var output = NewOut();
        const double shardMb = 0.06;

        var result = await new DatasetExporter(new ExportOptions { ShardSizeMb = shardMb }).ExportAsync(run.RunDirectory, output);

        var count = result.Files.Count;
        count.Should().BeGreaterThan(1);
        result.Files.Should().Equal(Enumerable.Range(0, count).Select(k => $"data/train-{k:D5}-of-{count:D5}.parquet"));
        Directory.GetFiles(Path.Combine(output, "data")).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Should().Equal(result.Files.Select(Path.GetFileName), "no temporary shard is left behind");
        foreach (var shard in result.Files)
        {
            new FileInfo(Path.Combine(output, shard)).Length.Should().BeLessThanOrEqualTo((long)(shardMb * 1024 * 1024), shard);
        }

        var files = await Hyparquet.ReadAsync(result.Files.Select(f => Path.Combine(output, f)).ToArray());
        files.Should().OnlyContain(f => f.RowCount > 0);
        files.SelectMany(f => f.Rows).Select(r => r["id"]!.GetValue<string>())
            .Should().Equal(QuickstartRun.Lines(Accepted).Select(l => l["id"]!.GetValue<string>()), "the shards in order hold every accepted sample once, in file order");

        var card = FrontMatter(File.ReadAllText(Path.Combine(output, "README.md")));
        var configs = (List<object>)card["configs"];
        var dataFiles = (List<object>)((Dictionary<object, object>)configs.Single())["data_files"];
        var split = (Dictionary<object, object>)dataFiles.Single();
        split["split"].Should().Be("train");
        ((List<object>)split["path"]).Should().Equal(result.Files);
    }

    [SkippableFact]
    public async Task ExportAsync_IncludeRejectedWithZstd_RejectedSplitHoldsEachRejectedSampleWithItsRejection()
    {
        Hyparquet.SkipIfUnavailable();
        var output = NewOut();

        var result = await new DatasetExporter(new ExportOptions { IncludeRejected = true, Compression = "zstd" }).ExportAsync(run.RunDirectory, output);

        var rejectedLines = QuickstartRun.Lines(Path.Combine(run.RunDirectory, "rejected.jsonl"));
        rejectedLines.Should().NotBeEmpty("the scripted judges score some samples below the mean of 3");
        result.RejectedRows.Should().Be(rejectedLines.Count);
        result.Files.Should().Equal("data/train-00000-of-00001.parquet", "data/rejected-00000-of-00001.parquet");
        var files = await Hyparquet.ReadAsync(result.Files.Select(f => Path.Combine(output, f)).ToArray());
        files[1].Rows.Select(SampleShape.FromParquet).Should().Equal(rejectedLines.Select(SampleShape.FromJsonl));
        files[1].Rows.Should().OnlyContain(r => r["rejection"]!["stage"]!.GetValue<string>().StartsWith("judge", StringComparison.Ordinal));
        files.Should().OnlyContain(f => f.Meta["codecs"]!.AsArray().Single()!.GetValue<string>() == "ZSTD");
        files[0].Schema.Select(c => c!["name"]!.GetValue<string>()).Should().NotContain("rejection");

        var configs = ((List<object>)FrontMatter(File.ReadAllText(Path.Combine(output, "README.md")))["configs"]).Cast<Dictionary<object, object>>().ToList();
        configs.Select(c => c["config_name"]).Should().Equal("default", "rejected");
    }

    [SkippableFact]
    public async Task ExportAsync_FilterMatchingNothing_OneEmptyShardWithTheFullSchema()
    {
        Hyparquet.SkipIfUnavailable();
        var output = NewOut();

        var result = await new DatasetExporter(new ExportOptions { Where = [new AttributeCondition("language", "xx")] }).ExportAsync(run.RunDirectory, output);

        result.Rows.Should().Be(0);
        result.Files.Should().Equal("data/train-00000-of-00001.parquet");
        var file = (await Hyparquet.ReadAsync(Path.Combine(output, result.Files[0])))[0];
        file.RowCount.Should().Be(0);
        file.Rows.Should().BeEmpty();
        file.Schema.Select(c => c!["name"]!.GetValue<string>()).Should().Contain(["id", "messages", "attributes"]);
    }

    [Fact]
    public async Task ExportAsync_Card_FrontMatterNamesTheShardsAndCountsTheRows()
    {
        var output = NewOut();

        var result = await new DatasetExporter(new ExportOptions { Where = [new AttributeCondition("language", "en")] }).ExportAsync(run.RunDirectory, output);

        var text = File.ReadAllText(Path.Combine(output, "README.md"));
        var card = FrontMatter(text);
        var midtrain = (Dictionary<object, object>)card["midtrain"];
        ((Dictionary<object, object>)midtrain["rows"])["train"].Should().Be(result.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        midtrain["export_format"].Should().Be("hf");
        ((List<object>)card["language"]).Should().Contain("en");
        text.Should().Contain("./midtrain export RUN_DIR --format hf --where language=en --out DIR");
        text.Should().Contain("Filtered: `language=en`");
        result.Rows.Should().Be(QuickstartRun.Lines(Accepted).Count(l => l["attributes"]!["language"]!.GetValue<string>() == "en"));
    }

    internal static Dictionary<string, object> FrontMatter(string card)
    {
        var match = FrontMatterBlock().Match(card);
        match.Success.Should().BeTrue("the card starts with a --- YAML block ---");
        var yaml = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(match.Groups[1].Value);
        return yaml.ToDictionary(kv => (string)kv.Key, kv => kv.Value);
    }

    [GeneratedRegex(@"\A---\n(.*?)\n---\n", RegexOptions.Singleline)]
    private static partial Regex FrontMatterBlock();
}
