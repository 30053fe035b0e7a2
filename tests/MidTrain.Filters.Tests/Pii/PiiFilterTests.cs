using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Records;
using MidTrain.Filters.Components;
using MidTrain.Filters.Contracts;
using MidTrain.Filters.Pii;

namespace MidTrain.Filters.Tests.Pii;

public sealed class PiiFilterTests
{
    private const string Text = "Mail jane@example.com or call +44 20 7946 0958; card 4111 1111 1111 1111.";

    [Fact]
    public async Task FilterAsync_Redact_ReplacesWithTypedPlaceholdersAndRecordsOriginalSpans()
    {
        var decision = await new PiiFilter().FilterAsync(Doc(Text));

        decision.IsRejected.Should().BeFalse();
        decision.Reason.Should().Be("pii");
        var rewrite = decision.Rewrites.Should().ContainSingle().Subject;
        rewrite.Name.Should().Be("text");
        rewrite.Text.Should().Be("Mail <EMAIL> or call <PHONE>; card <CREDIT_CARD>.");
        rewrite.Edits.Select(e => (e.Kind, Text[e.Start..e.End])).Should().Equal(
            ("email", "jane@example.com"), ("phone", "+44 20 7946 0958"), ("credit_card", "4111 1111 1111 1111"));
        decision.ApplyTo(new Document("d", Text)).Text.Should().Be(rewrite.Text);
    }

    [Fact]
    public async Task FilterAsync_Reject_GivesCountsAndSpansButNeverTheValues()
    {
        var decision = await new PiiFilter(new PiiOptions { Action = PiiAction.Reject }).FilterAsync(Doc(Text));

        decision.IsRejected.Should().BeTrue();
        decision.Message.Should().Be("contains personal data: 1 email, 1 phone, 1 credit_card");
        var details = decision.Details!.Value;
        details.GetProperty("counts").GetProperty("email").GetInt32().Should().Be(1);
        details.GetProperty("spans").GetArrayLength().Should().Be(3);
        details.GetRawText().Should().NotContain("jane@example.com").And.NotContain("4111");
    }

    [Fact]
    public async Task FilterAsync_KindsAndCheck_LimitWhatIsLookedFor()
    {
        var onlyEmails = await new PiiFilter(new PiiOptions { Kinds = [PiiKind.Email] }).FilterAsync(Doc(Text));
        onlyEmails.Rewrites.Single().Text.Should().Be("Mail <EMAIL> or call +44 20 7946 0958; card 4111 1111 1111 1111.");

        var sample = FilterItem.FromSample(new Sample
        {
            Id = "s",
            Source = new SourceSpan("d", 0, 0, 0),
            Messages = [new Message("user", "I am jane@example.com."), new Message("assistant", "Write to help@example.org.")],
        });
        var decision = await new PiiFilter(new PiiOptions { Check = ["assistant"] }).FilterAsync(sample);
        decision.Rewrites.Select(r => r.Name).Should().Equal("messages[1]");
        var redacted = decision.ApplyTo(new Sample
        {
            Id = "s",
            Source = new SourceSpan("d", 0, 0, 0),
            Messages = [new Message("user", "I am jane@example.com."), new Message("assistant", "Write to help@example.org.")],
        });
        redacted.Messages.Select(m => m.Content).Should().Equal("I am jane@example.com.", "Write to <EMAIL>.");
    }

    [Fact]
    public async Task FilterAsync_NoPersonalData_Keeps()
    {
        (await new PiiFilter().FilterAsync(Doc("Version 1.2.3.4 shipped on 2024-03-15 for $1,234.56 (order #100234567)."))).Should().BeSameAs(FilterDecision.Keep);
    }

    [Fact]
    public async Task Factory_ReportMode_AnnotatesEditsWithoutChangingText()
    {
        var factory = ComponentCatalog.Discover(typeof(PiiFilter).Assembly).Find<IFilterFactory>("pii")!;
        var options = OptionsBinder.Bind(factory.OptionsType, (ConfigMapping)YamlConfigReader.Parse("kinds: [email, credit_card]\nmode: report", "p.yaml")!);
        var filter = factory.Create(options, new ComponentContext());

        var decision = await filter.FilterAsync(Doc(Text));

        decision.Rewrites.Should().BeEmpty();
        decision.Flagged.Should().BeTrue();
        var flag = decision.Annotations["pii_flag"];
        flag.GetProperty("action").GetString().Should().Be("rewrite");
        flag.GetProperty("edits").GetArrayLength().Should().Be(2);
        flag.GetRawText().Should().NotContain("jane@example.com");
        var counters = (FilterCounters)filter.GetService(typeof(FilterCounters))!;
        counters.ToJson()["flagged_by_reason"]!["pii"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task Counters_Redactions_AreCountedByKind()
    {
        var filter = new PiiFilterFactory().Create(new PiiOptions(), new ComponentContext());
        await filter.FilterAsync(Doc(Text));
        await filter.FilterAsync(Doc("a@example.com and b@example.com"));
        await filter.FilterAsync(Doc("nothing here"));

        var json = ((FilterCounters)filter.GetService(typeof(FilterCounters))!).ToJson();

        json["checked"]!.GetValue<long>().Should().Be(3);
        json["rewritten"]!.GetValue<long>().Should().Be(2);
        json["redacted_by_kind"]!["email"]!.GetValue<long>().Should().Be(3);
        json["redacted_by_kind"]!["phone"]!.GetValue<long>().Should().Be(1);
        json["redacted_by_kind"]!["credit_card"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public void Bind_UnknownKind_NamesTheKey()
    {
        var act = () => OptionsBinder.Bind<PiiOptions>((ConfigMapping)YamlConfigReader.Parse("kinds: [ssn]", "p.yaml")!);
        act.Should().Throw<ConfigException>().Where(e => e.Message.Contains("kinds"));
    }

    private static FilterItem Doc(string text) => FilterItem.FromDocument(new Document("d", text));
}
