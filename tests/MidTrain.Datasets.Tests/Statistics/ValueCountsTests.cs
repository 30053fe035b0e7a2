using System.Text.Json;
using MidTrain.Datasets.Statistics;

namespace MidTrain.Datasets.Tests.Statistics;

public sealed class ValueCountsTests
{
    [Fact]
    public void Add_JsonValuesAndStrings_CountsEachValueWhenReadBetweenAdds()
    {
        var counts = new ValueCounts(maxValues: 3);
        void Json(string value)
        {
            using var document = JsonDocument.Parse(JsonSerializer.Serialize(value));
            counts.Add(document.RootElement);
        }

        Json("en");
        Json("fr");
        Json("en");
        Json("caf\u00e9");
        counts.Add("fr", 2);
        counts["en"].Should().Be(2, "a value counted by its bytes is folded in when read");
        Json("en");
        Json("other-1"); // past the bound of 3 values
        Json("caf\u00e9");

        counts.ByCount().Should().Equal(new KeyValuePair<string, long>("en", 3), new KeyValuePair<string, long>("fr", 3), new KeyValuePair<string, long>("caf\u00e9", 2));
        counts.Count.Should().Be(3);
        counts.Values.Should().BeEquivalentTo("en", "fr", "caf\u00e9");
        counts.Other.Should().Be(1);
        counts.Total.Should().Be(9);
    }
}
