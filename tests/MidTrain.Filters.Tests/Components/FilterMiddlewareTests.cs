using System.Text.Json;
using MidTrain.Core.Records;
using MidTrain.Filters.Components;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Tests.Components;

public sealed class FilterMiddlewareTests
{
    private static readonly FilterItem Item = FilterItem.FromDocument(new Document("d", "call me at home"));

    [Fact]
    public async Task ReportingFilter_Reject_KeepsAndFlagsWithTheInnerDecision()
    {
        var inner = new ScriptedFilter(_ => FilterDecision.Reject("too_loud", "it shouts", JsonSerializer.SerializeToElement(new { level = 11 })));
        var decision = await new ReportingFilter(inner).FilterAsync(Item);

        decision.IsRejected.Should().BeFalse();
        decision.Flagged.Should().BeTrue();
        decision.Reason.Should().Be("too_loud");
        var flag = decision.Annotations["scripted_flag"];
        flag.GetProperty("action").GetString().Should().Be("reject");
        flag.GetProperty("message").GetString().Should().Be("it shouts");
        flag.GetProperty("details").GetProperty("level").GetInt32().Should().Be(11);
    }

    [Fact]
    public async Task ReportingFilter_Rewrite_LeavesTheTextAndListsTheEdits()
    {
        var inner = new ScriptedFilter(item => FilterDecision.Rewrite([TextRewrite.Apply("text", item.Texts[0].Text, [new TextEdit(11, 15, "place", "<PLACE>")])], "places"));
        var decision = await new ReportingFilter(inner).FilterAsync(Item);

        decision.Rewrites.Should().BeEmpty();
        decision.ApplyTo(new Document("d", "call me at home")).Text.Should().Be("call me at home");
        var edit = decision.Annotations["scripted_flag"].GetProperty("edits")[0];
        (edit.GetProperty("text").GetString(), edit.GetProperty("kind").GetString(), edit.GetProperty("start").GetInt32(), edit.GetProperty("end").GetInt32())
            .Should().Be(("text", "place", 11, 15));
    }

    [Fact]
    public async Task ReportingFilter_KeepWithAnnotations_PassesThrough()
    {
        var annotated = FilterDecision.Annotate(new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(1) });
        (await new ReportingFilter(new ScriptedFilter(_ => annotated)).FilterAsync(Item)).Should().BeSameAs(annotated);
    }

    [Fact]
    public async Task CountingFilter_CountsEveryOutcome()
    {
        var n = 0;
        var inner = new ScriptedFilter(item => (n++ % 4) switch
        {
            0 => FilterDecision.Keep,
            1 => FilterDecision.Reject("a", "a"),
            2 => FilterDecision.Rewrite([TextRewrite.Apply("text", item.Texts[0].Text, [new TextEdit(0, 4, "verb", "<V>"), new TextEdit(5, 7, "pronoun", "<P>")])], "words"),
            _ => FilterDecision.Annotate(new Dictionary<string, JsonElement> { ["k"] = JsonSerializer.SerializeToElement("v") }),
        });
        var counting = new CountingFilter(new ReportingFilter(new CountingFilter(inner)));
        for (var i = 0; i < 8; i++)
        {
            await counting.FilterAsync(Item);
        }

        var json = counting.Counters.ToJson();
        json["checked"]!.GetValue<long>().Should().Be(8);
        json["kept"]!.GetValue<long>().Should().Be(8, "report mode keeps everything");
        json["flagged_by_reason"]!["a"]!.GetValue<long>().Should().Be(2);
        json["flagged_by_reason"]!["words"]!.GetValue<long>().Should().Be(2);
        json["annotated"]!.GetValue<long>().Should().Be(6, "flags are annotations too");

        var innerCounters = ((CountingFilter)counting.GetService(typeof(CountingFilter))!).Counters;
        innerCounters.Should().BeSameAs(counting.Counters, "the outermost counter answers first");
        var description = FilterDescription.Of(counting);
        description["name"]!.GetValue<string>().Should().Be("scripted");
        description["parameters"]!["script"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task CountingFilter_WithoutReportMode_CountsRejectionsAndEditsByKind()
    {
        var n = 0;
        var inner = new ScriptedFilter(item => n++ % 2 == 0
            ? FilterDecision.Reject("a", "a")
            : FilterDecision.Rewrite([TextRewrite.Apply("text", item.Texts[0].Text, [new TextEdit(0, 4, "verb", "<V>")])], "words"));
        var counting = new CountingFilter(inner);
        for (var i = 0; i < 4; i++)
        {
            await counting.FilterAsync(Item);
        }

        counting.Counters.Rejected.Should().Be(2);
        counting.Counters.RejectedByReason["a"].Should().Be(2);
        counting.Counters.Rewritten.Should().Be(2);
        counting.Counters.EditsByKind["verb"].Should().Be(2);
    }
}
