using MidTrain.Datasets.Cards;
using MidTrain.Datasets.Tests.Export;

namespace MidTrain.Datasets.Tests.Cards;

public sealed class FrontMatterTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("n<1K")]
    [InlineData("1K<n<10K")]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("0.1.0+5a0c86e")]
    [InlineData("2026-12-03T22:49:55.8243450+00:00")]
    [InlineData("a: b # c")]
    [InlineData("- item")]
    [InlineData("two\nlines \"quoted\" \\ back")]
    [InlineData("ünïcödé 文字")]
    public void Write_AnyString_ReadsBackAsTheSameString(string value)
    {
        var yaml = FrontMatter.Write([new("key", value), new("list", new List<string> { value })]);

        var parsed = HfExportTests.FrontMatter(yaml + "\n");

        parsed["key"].Should().Be(value);
        ((List<object>)parsed["list"]).Should().Equal(value);
    }

    [Fact]
    public void Write_NestedListsOfMappings_ReadBackWithTheirStructure()
    {
        var yaml = FrontMatter.Write([
            new("configs", new List<object>
            {
                new List<KeyValuePair<string, object?>>
                {
                    new("config_name", "default"),
                    new("data_files", new List<object> { new List<KeyValuePair<string, object?>> { new("split", "train"), new("path", new List<string> { "data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet" }) } }),
                },
            }),
            new("midtrain", new List<KeyValuePair<string, object?>> { new("seed", 42L), new("limit", null), new("empty", new List<string>()) }),
        ]);

        var parsed = HfExportTests.FrontMatter(yaml + "\n");

        var config = (Dictionary<object, object>)((List<object>)parsed["configs"]).Single();
        config["config_name"].Should().Be("default");
        var split = (Dictionary<object, object>)((List<object>)config["data_files"]).Single();
        ((List<object>)split["path"]).Should().Equal("data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet");
        var midtrain = (Dictionary<object, object>)parsed["midtrain"];
        midtrain["seed"].Should().Be("42");
        ((List<object>)midtrain["empty"]).Should().BeEmpty();
        yaml.Should().Contain("configs:\n- config_name: default\n  data_files:\n  - split: train\n    path:\n    - data/train-00000-of-00002.parquet\n");
    }

    [Theory]
    [InlineData(0, "n<1K")]
    [InlineData(999, "n<1K")]
    [InlineData(1_000, "1K<n<10K")]
    [InlineData(250_000, "100K<n<1M")]
    [InlineData(1_000_000, "1M<n<10M")]
    public void SizeCategory_Rows_TheHubBucket(long rows, string expected) => DatasetCard.SizeCategory(rows).Should().Be(expected);
}
