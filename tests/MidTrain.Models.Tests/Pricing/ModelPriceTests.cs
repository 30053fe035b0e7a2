using MidTrain.Core.Configuration;
using MidTrain.Models.Pricing;

namespace MidTrain.Models.Tests.Pricing;

public sealed class ModelPriceTests
{
    private static ModelSpec Bind(string yaml) =>
        ModelSpec.Bind("teacher", (ConfigMapping)YamlConfigReader.Parse(yaml, "p.yaml")!);

    [Fact]
    public void CostUsd_CachedTokensAndBatchDiscount_PricedApart()
    {
        // 1M prompt tokens of which 200k cached, 500k completion tokens at $2.50 / $1.25 cached / $10 per Mtok:
        // 0.8 × 2.50 + 0.2 × 1.25 + 0.5 × 10 = 2.00 + 0.25 + 5.00 = $7.25; half of it through a 50% batch API.
        var price = new ModelPrice { InputPerMtok = 2.5, CachedInputPerMtok = 1.25, OutputPerMtok = 10, BatchDiscount = 0.5 };
        var usage = new UsageTotals(Requests: 100, InputTokens: 1_000_000, CachedInputTokens: 200_000, OutputTokens: 500_000);

        price.CostUsd(usage).Should().BeApproximately(7.25, 1e-9);
        price.CostUsd(usage, batch: true).Should().BeApproximately(3.625, 1e-9);
    }

    [Fact]
    public void CostUsd_NoCachedPrice_CachedTokensCostTheInputPrice()
    {
        var price = new ModelPrice { InputPerMtok = 3, OutputPerMtok = 15 };

        price.CostUsd(new UsageTotals(1, 2_000_000, 1_000_000, 0)).Should().BeApproximately(6, 1e-9);
        price.CostUsd(new UsageTotals(1, 0, 0, 2_000_000), batch: true).Should().BeApproximately(30, 1e-9, "no batch_discount was given");
    }

    [Fact]
    public void Bind_PriceKey_IsReadIntoTheSpec()
    {
        var spec = Bind("{provider: openai, endpoint: 'http://a/v1', model: m, price: {input_per_mtok: 0.15, output_per_mtok: 0.6, cached_input_per_mtok: 0.075, batch_discount: 0.5}}");

        spec.Price.Should().BeEquivalentTo(new ModelPrice { InputPerMtok = 0.15, OutputPerMtok = 0.6, CachedInputPerMtok = 0.075, BatchDiscount = 0.5 });
        Bind("{path: tiny}").Price.Should().BeNull();
    }

    [Theory]
    [InlineData("{input_per_mtok: -1}", "price.input_per_mtok")]
    [InlineData("{input_per_mtok: 1, batch_discount: 1.5}", "price.batch_discount")]
    [InlineData("{input_per_mtok: 1, cached_input_per_mtok: 2}", "price.cached_input_per_mtok")]
    [InlineData("{input_per_mtk: 1}", "price")]
    public void Bind_BadPrice_ErrorNamesTheKey(string price, string key)
    {
        var act = () => Bind($"{{provider: openai, endpoint: 'http://a/v1', model: m, price: {price}}}");

        act.Should().Throw<ConfigException>().Which.Key.Should().StartWith(key);
    }
}
