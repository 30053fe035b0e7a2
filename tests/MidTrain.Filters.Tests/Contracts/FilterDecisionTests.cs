using System.Text.Json;
using MidTrain.Core.Records;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Tests.Contracts;

public sealed class FilterDecisionTests
{
    [Fact]
    public void ApplyTo_Document_AddsMetadataAndRewritesText()
    {
        var document = new Document("d", "call me", new Dictionary<string, JsonElement> { ["source"] = JsonSerializer.SerializeToElement("web") });
        var decision = FilterDecision.Annotate(new Dictionary<string, JsonElement> { ["language"] = JsonSerializer.SerializeToElement("en") }) with
        {
            Rewrites = [TextRewrite.Apply("text", "call me", [new TextEdit(0, 4, "verb", "<V>")])],
        };

        var result = decision.ApplyTo(document);

        result.Text.Should().Be("<V> me");
        result.Metadata!["source"].GetString().Should().Be("web");
        result.Metadata!["language"].GetString().Should().Be("en");
        document.Metadata!.ContainsKey("language").Should().BeFalse("records are immutable");
    }

    [Fact]
    public void ApplyTo_Sample_SetsAttributesAsStrings()
    {
        var sample = new Sample { Id = "s", Source = new SourceSpan("d", 0, 0, 0), Messages = [new Message("user", "hi")] };
        var decision = FilterDecision.Annotate(new Dictionary<string, JsonElement>
        {
            ["language"] = JsonSerializer.SerializeToElement("fr"),
            ["language_confidence"] = JsonSerializer.SerializeToElement(0.97),
        });

        var result = decision.ApplyTo(sample);

        result.Attributes["language"].Should().Be("fr");
        result.Attributes["language_confidence"].Should().Be("0.97");
    }

    [Fact]
    public void ApplyTo_Passage_KeepsItsDocumentSpan()
    {
        var passage = new Passage("d", 2, "mail a@b.co", 100, 111);
        var decision = FilterDecision.Rewrite([TextRewrite.Apply("text", passage.Text, [new TextEdit(5, 11, "email", "<EMAIL>")])], "pii");
        var result = decision.ApplyTo(passage);
        result.Text.Should().Be("mail <EMAIL>");
        (result.Start, result.End).Should().Be((100, 111));
    }

    [Fact]
    public void ApplyTo_Keep_ReturnsTheSameRecord()
    {
        var document = new Document("d", "text");
        FilterDecision.Keep.ApplyTo(document).Should().BeSameAs(document);
    }

    [Fact]
    public void TextRewrite_Apply_RejectsOverlappingEdits()
    {
        var act = () => TextRewrite.Apply("text", "abcdef", [new TextEdit(0, 3, "k", "x"), new TextEdit(2, 4, "k", "y")]);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void FromSample_NamesMessagesAndCarriesRoles()
    {
        var item = FilterItem.FromSample(new Sample
        {
            Id = "s",
            Source = new SourceSpan("d", 0, 0, 0),
            Messages = [new Message("system", "be brief"), new Message("user", "why?")],
            Attributes = new Dictionary<string, string> { ["language"] = "en" },
        });

        item.Kind.Should().Be(FilterItemKind.Sample);
        item.Texts.Select(t => (t.Name, t.Role)).Should().Equal(("messages[0]", "system"), ("messages[1]", "user"));
        item.Metadata["language"].GetString().Should().Be("en");
        new TextSelector(["user"]).Select(item).Select(t => t.Name).Should().Equal("messages[1]");
        TextSelector.All.Select(item).Should().HaveCount(2);
    }
}
