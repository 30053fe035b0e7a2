using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Runs;

namespace MidTrain.Orchestrator.Tests.Limits;

public sealed class UsageLedgerTests
{
    [Fact]
    public void Merge_TwoSessions_CountersAddUpAndTheRestIsReplaced()
    {
        var earlier = JsonNode.Parse("""
            {"teacher": {"model": "m", "price": {"input_per_mtok": 1}, "requests": 10, "tokens_in": 1000, "tokens_out": 100, "cost_usd": 0.5,
                         "stages": {"generate": {"requests": 10, "cost_usd": 0.5}}}}
            """)!.AsObject();
        var now = JsonNode.Parse("""
            {"teacher": {"model": "m", "price": {"input_per_mtok": 2}, "requests": 5, "tokens_in": 500, "tokens_out": 50, "cost_usd": 0.25,
                         "stages": {"generate": {"requests": 4, "cost_usd": 0.2}, "judge": {"requests": 1, "cost_usd": 0.05}}},
             "judge": {"model": "j", "requests": 3}}
            """)!.AsObject();

        var merged = UsageLedger.Merge(earlier, now);

        merged.ToJsonString().Should().Be(JsonNode.Parse("""
            {"teacher": {"model": "m", "price": {"input_per_mtok": 2}, "requests": 15, "tokens_in": 1500, "tokens_out": 150, "cost_usd": 0.75,
                         "stages": {"generate": {"requests": 14, "cost_usd": 0.7}, "judge": {"requests": 1, "cost_usd": 0.05}}},
             "judge": {"model": "j", "requests": 3}}
            """)!.ToJsonString());
    }
}
