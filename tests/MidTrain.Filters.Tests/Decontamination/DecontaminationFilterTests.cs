using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Records;
using MidTrain.Filters.Components;
using MidTrain.Filters.Contracts;
using MidTrain.Filters.Decontamination;

namespace MidTrain.Filters.Tests.Decontamination;

public sealed class DecontaminationFilterTests : IDisposable
{
    private const string Question = "A train leaves the station at nine in the morning travelling at sixty miles per hour towards a city three hundred miles away; at what time does it arrive?";
    private const string Other = "Write a function that returns the longest palindromic substring of a given string, preferring the leftmost one when several have the same length.";

    private readonly BenchmarkFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task FilterAsync_VerbatimBenchmarkItem_RejectsNamingFileItemAndSpan()
    {
        var filter = Create(new DecontaminationOptions { Against = [Bench()] });
        var document = $"Some unrelated preface. {Question} And an unrelated ending.";

        var decision = await filter.FilterAsync(Doc(document));

        decision.IsRejected.Should().BeTrue();
        decision.Reason.Should().Be("benchmark_overlap");
        var details = decision.Details!.Value;
        details.GetProperty("benchmark").GetString().Should().EndWith("bench.jsonl");
        details.GetProperty("item_id").GetString().Should().Be("q-1");
        details.GetProperty("line").GetInt64().Should().Be(1);
        details.GetProperty("match").GetString().Should().Be("ngram");
        details.GetProperty("matched_ngrams").GetInt32().Should().Be(details.GetProperty("item_ngrams").GetInt32());
        var span = details.GetProperty("span");
        document[span.GetProperty("start").GetInt32()..span.GetProperty("end").GetInt32()].Should().Be(Question[..^1]); // the final "?" is no word
        decision.Message.Should().Contain("bench.jsonl").And.Contain("q-1");
    }

    [Theory]
    [InlineData("A TRAIN leaves the station, at nine in the morning; travelling at sixty miles per hour towards a city three-hundred miles away: at what time does it arrive")]
    [InlineData("a train\n\nleaves   the station at nine in the morning travelling at sixty miles per hour towards a city three hundred miles away at what time does it arrive ???")]
    [InlineData("Ａ ｔｒａｉｎ leaves the station at nine in the morning travelling at sixty miles per hour towards a city three hundred miles away")]
    public async Task FilterAsync_LightParaphrase_StillRejects(string paraphrase)
    {
        var filter = Create(new DecontaminationOptions { Against = [Bench()] });
        (await filter.FilterAsync(Doc(paraphrase))).IsRejected.Should().BeTrue();
    }

    [Fact]
    public async Task FilterAsync_UnrelatedText_Keeps()
    {
        var filter = Create(new DecontaminationOptions { Against = [Bench()] });
        var decision = await filter.FilterAsync(Doc("A train left the station in the morning; nobody knew when it would arrive in the city, three hundred miles away, but everybody hoped it would be soon."));
        decision.Should().BeSameAs(FilterDecision.Keep);
    }

    [Fact]
    public async Task FilterAsync_MinOverlapFraction_NeedsThatShareOfTheItem()
    {
        var words = Question.Split(' ');
        var firstHalf = string.Join(' ', words[..16]); // 16 words: 4 of the item's 13-grams
        var bench = Bench();
        var itemNGrams = words.Length - 13 + 1;

        (await Create(new DecontaminationOptions { Against = [bench], MinOverlap = 0.5 }).FilterAsync(Doc(firstHalf))).IsRejected.Should().BeFalse();
        (await Create(new DecontaminationOptions { Against = [bench], MinOverlap = 4.0 / itemNGrams }).FilterAsync(Doc(firstHalf))).IsRejected.Should().BeTrue();
        (await Create(new DecontaminationOptions { Against = [bench], MinOverlap = 4 }).FilterAsync(Doc(firstHalf))).IsRejected.Should().BeTrue();
        (await Create(new DecontaminationOptions { Against = [bench], MinOverlap = 5 }).FilterAsync(Doc(firstHalf))).IsRejected.Should().BeFalse();
    }

    [Fact]
    public async Task FilterAsync_AbsoluteMinOverlapAboveItemSize_IsCappedAtTheItem()
    {
        var filter = Create(new DecontaminationOptions { Against = [Bench()], MinOverlap = 1000 });
        (await filter.FilterAsync(Doc(Question))).IsRejected.Should().BeTrue();
    }

    [Fact]
    public async Task FilterAsync_ShortTexts_MatchOnlyWholeNormalisedText()
    {
        var bench = _files.Jsonl("answers.jsonl", new JsonObject { ["id"] = 7, ["answer"] = "\\frac{1}{2}" }, new JsonObject { ["id"] = 8, ["answer"] = "Paris, France" });
        var filter = Create(new DecontaminationOptions { Against = [bench] });

        var hit = await filter.FilterAsync(Doc("  PARIS france. "));
        hit.IsRejected.Should().BeTrue();
        hit.Details!.Value.GetProperty("match").GetString().Should().Be("whole_text");
        hit.Details!.Value.GetProperty("item_id").GetString().Should().Be("8");
        (await filter.FilterAsync(Doc("$\\frac{1}{2}$"))).IsRejected.Should().BeTrue();
        (await filter.FilterAsync(Doc("The capital is Paris, France, of course."))).IsRejected.Should().BeFalse();
    }

    [Fact]
    public async Task FilterAsync_Check_LimitsTheRolesLookedAt()
    {
        var bench = Bench();
        var sample = SampleOf(("user", "Please solve this."), ("assistant", Question));

        (await Create(new DecontaminationOptions { Against = [bench] }).FilterAsync(sample)).IsRejected.Should().BeTrue();
        (await Create(new DecontaminationOptions { Against = [bench], Check = ["user"] }).FilterAsync(sample)).IsRejected.Should().BeFalse();
        var byName = await Create(new DecontaminationOptions { Against = [bench], Check = ["messages[1]"] }).FilterAsync(sample);
        byName.IsRejected.Should().BeTrue();
        byName.Details!.Value.GetProperty("text").GetString().Should().Be("messages[1]");
    }

    [Fact]
    public async Task FilterAsync_OverlapSplitAcrossMessages_AddsUp()
    {
        var words = Question.Split(' ');
        var bench = Bench();
        var sample = SampleOf(("user", string.Join(' ', words[..15])), ("assistant", string.Join(' ', words[15..])));
        var filter = Create(new DecontaminationOptions { Against = [bench], MinOverlap = 0.25 }); // 5 of 17: neither message alone reaches it

        var decision = await filter.FilterAsync(sample);

        decision.IsRejected.Should().BeTrue();
        var matched = decision.Details!.Value.GetProperty("matched_ngrams").GetInt32();
        matched.Should().Be((15 - 13 + 1) + (words.Length - 15 - 13 + 1));
    }

    [Fact]
    public async Task FilterAsync_BestItem_IsTheOneWithMostOverlap()
    {
        var bench = _files.Jsonl("two.jsonl",
            new JsonObject { ["id"] = "partial", ["q"] = string.Join(' ', Question.Split(' ')[..14]) + " and then something else entirely different happens here" },
            new JsonObject { ["id"] = "full", ["q"] = Question });
        var decision = await Create(new DecontaminationOptions { Against = [bench] }).FilterAsync(Doc(Question));
        decision.Details!.Value.GetProperty("item_id").GetString().Should().Be("full");
        decision.Details!.Value.GetProperty("items_hit").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Build_JsonlGzTextAndFields_AreRead()
    {
        var gz = _files.Jsonl("b.jsonl.gz", new JsonObject { ["task_id"] = "T/1", ["prompt"] = Other, ["solution"] = Question });
        var txt = _files.Text("b.txt", "\n" + Question + "\n\n");

        var promptOnly = Create(new DecontaminationOptions { Against = [gz], Fields = ["prompt"] });
        (await promptOnly.FilterAsync(Doc(Other))).Details!.Value.GetProperty("item_id").GetString().Should().Be("T/1");
        (await promptOnly.FilterAsync(Doc(Question))).IsRejected.Should().BeFalse();

        var text = await Create(new DecontaminationOptions { Against = [txt] }).FilterAsync(Doc(Question));
        text.Details!.Value.GetProperty("line").GetInt64().Should().Be(2);
        text.Details!.Value.GetProperty("item_id").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Build_JsonArrayFile_NumbersItemsByPosition()
    {
        var path = _files.Text("b.json", "\n [ {\"id\": \"a\", \"q\": \"" + Other + "\"},\n {\"id\": \"b\", \"q\": \"" + Question + "\"} ]");
        var decision = await Create(new DecontaminationOptions { Against = [path] }).FilterAsync(Doc(Question));
        decision.Details!.Value.GetProperty("item_id").GetString().Should().Be("b");
        decision.Details!.Value.GetProperty("line").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task Build_NestedFields_AreReadWhole()
    {
        var bench = _files.Jsonl("chat.jsonl", new JsonObject
        {
            ["id"] = "c1",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = Other }),
        });
        (await Create(new DecontaminationOptions { Against = [bench] }).FilterAsync(Doc(Other))).IsRejected.Should().BeTrue();
    }

    [Fact]
    public void Build_MalformedLine_IsAConfigurationErrorNamingFileAndLine()
    {
        var path = _files.Text("bad.jsonl", "{\"id\": 1, \"q\": \"fine\"}\n{not json\n");
        var act = () => BenchmarkIndex.Build([path]);
        act.Should().Throw<OptionsValidationException>().Where(e => e.Key == "against" && e.Message.Contains("bad.jsonl:2"));
    }

    [Fact]
    public void Build_MissingFile_IsAConfigurationError()
    {
        var act = () => BenchmarkIndex.Build([Path.Combine(_files.Directory, "absent.jsonl")]);
        act.Should().Throw<OptionsValidationException>().Where(e => e.Key == "against");
    }

    [Theory]
    [InlineData(0.0, "min_overlap")]
    [InlineData(1.5, "min_overlap")]
    [InlineData(-1.0, "min_overlap")]
    public void Validate_BadMinOverlap_NamesTheKey(double minOverlap, string key)
    {
        var act = () => new DecontaminationOptions { Against = ["x"], MinOverlap = minOverlap }.Validate();
        act.Should().Throw<OptionsValidationException>().Where(e => e.Key == key);
    }

    [Fact]
    public void Validate_NoBenchmark_NamesAgainst() =>
        FluentActions.Invoking(() => new DecontaminationOptions().Validate()).Should().Throw<OptionsValidationException>().Where(e => e.Key == "against");

    [Fact]
    public async Task Factory_FromYaml_BindsResolvesPathsAndCounts()
    {
        Bench();
        var yaml = """
            against: [bench.jsonl]
            n: 8
            min_overlap: 0.5
            check: [user, text]
            """;
        var factory = ComponentCatalog.Discover(typeof(DecontaminationFilter).Assembly).Find<IFilterFactory>("decontaminate")!;
        var options = OptionsBinder.Bind(factory.OptionsType, (ConfigMapping)YamlConfigReader.Parse(yaml, "pipeline.yaml")!);
        var filter = factory.Create(options, new ComponentContext { BaseDirectory = _files.Directory });

        (await filter.FilterAsync(Doc(Question))).IsRejected.Should().BeTrue();
        (await filter.FilterAsync(Doc("nothing to see"))).IsRejected.Should().BeFalse();

        var description = FilterDescription.Of(filter);
        description["name"]!.GetValue<string>().Should().Be("decontaminate");
        description["version"]!.GetValue<string>().Should().Be(DecontaminationFilter.FilterVersion);
        description["parameters"]!["n"]!.GetValue<long>().Should().Be(8);
        description["parameters"]!["min_overlap"]!.GetValue<double>().Should().Be(0.5);
        description["parameters"]!["index"]!["items"]!.GetValue<int>().Should().Be(2);
        description["counters"]!["checked"]!.GetValue<long>().Should().Be(2);
        description["counters"]!["rejected_by_reason"]!["benchmark_overlap"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task Factory_ReportMode_FlagsInsteadOfRejecting()
    {
        var factory = new DecontaminationFilterFactory();
        var filter = factory.Create(new DecontaminationOptions { Against = [Bench()], Mode = FilterMode.Report }, new ComponentContext());

        var decision = await filter.FilterAsync(Doc(Question));

        decision.IsRejected.Should().BeFalse();
        decision.Flagged.Should().BeTrue();
        decision.Reason.Should().Be("benchmark_overlap");
        var flag = decision.Annotations["decontaminate_flag"];
        flag.GetProperty("action").GetString().Should().Be("reject");
        flag.GetProperty("details").GetProperty("item_id").GetString().Should().Be("q-1");
        var counters = (FilterCounters)filter.GetService(typeof(FilterCounters))!;
        counters.Flagged.Should().Be(1);
        counters.Rejected.Should().Be(0);
    }

    private string Bench() => _files.Jsonl("bench.jsonl", new JsonObject { ["id"] = "q-1", ["question"] = Question }, new JsonObject { ["id"] = "q-2", ["question"] = Other });

    private static DecontaminationFilter Create(DecontaminationOptions options) => DecontaminationFilter.Create(options);

    private static FilterItem Doc(string text) => FilterItem.FromDocument(new Document("d", text));

    private static FilterItem SampleOf(params (string Role, string Content)[] messages) => FilterItem.FromSample(new Sample
    {
        Id = "s",
        Source = new SourceSpan("d", 0, 0, 0),
        Messages = messages.Select(m => new Message(m.Role, m.Content)).ToArray(),
    });
}
