using MidTrain.Core.Records;
using MidTrain.Filters.Contracts;
using MidTrain.Filters.Decontamination;
using MidTrain.Filters.Language;
using MidTrain.Filters.Pii;
using MidTrain.Filters.Tests.Decontamination;

namespace MidTrain.Filters.Tests.Contracts;

/// <summary>
/// What every <see cref="IFilter"/> guarantees, run against each filter: identity, fresh parameters, cancellation,
/// items without text, and the same decisions under concurrency as in sequence. Filter authors inherit it.
/// </summary>
public abstract class FilterConformanceTests
{
    /// <summary>The filter under test.</summary>
    protected abstract IFilter Filter { get; }

    /// <summary>Items the filter acts on (rejects, rewrites or annotates) and items it keeps unchanged.</summary>
    protected abstract IReadOnlyList<FilterItem> Items { get; }

    [Fact]
    public void Identity_NameVersionAndParameters_AreThere()
    {
        Filter.Name.Should().MatchRegex("^[a-z_]+$");
        Filter.Version.Should().MatchRegex(@"^\d+\.\d+\.\d+$");
        Filter.GetService(Filter.GetType()).Should().BeSameAs(Filter);
    }

    [Fact]
    public void Parameters_AreAFreshCopyEachTime()
    {
        var first = Filter.Parameters;
        first["mode"] = "tampered";
        Filter.Parameters["mode"]!.GetValue<string>().Should().Be("enforce");
    }

    [Fact]
    public async Task FilterAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var act = async () => await Filter.FilterAsync(Items[0], cancelled.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task FilterAsync_ItemsWithoutText_AreDecidedWithoutThrowing()
    {
        await Filter.FilterAsync(FilterItem.FromDocument(new Document("empty", string.Empty)));
        await Filter.FilterAsync(FilterItem.FromSample(new Sample { Id = "s", Source = new SourceSpan("d", 0, 0, 0) }));
    }

    [Fact]
    public async Task FilterAsync_Concurrently_DecidesAsInSequence()
    {
        var items = Enumerable.Repeat(Items, 25).SelectMany(i => i).ToArray();
        var sequential = new List<string>();
        foreach (var item in items)
        {
            sequential.Add(Describe(await Filter.FilterAsync(item)));
        }

        var parallel = new string[items.Length];
        await Parallel.ForAsync(0, items.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            parallel[i] = Describe(await Filter.FilterAsync(items[i], ct)));

        parallel.Should().Equal(sequential);
        sequential.Distinct().Should().HaveCountGreaterThan(1, "the items exercise more than one outcome");
    }

    protected static FilterItem Doc(string text) => FilterItem.FromDocument(new Document("d", text));

    private static string Describe(FilterDecision d) =>
        $"{d.Action}|{d.Reason}|{string.Join(',', d.Annotations.Select(a => a.Key + "=" + a.Value.GetRawText()))}|{string.Join(',', d.Rewrites.Select(r => r.Text))}|{d.Details?.GetRawText()}";
}

public sealed class DecontaminationFilterConformanceTests : FilterConformanceTests, IDisposable
{
    private const string Question = "Write a function that returns the longest palindromic substring of a given string, preferring the leftmost one when several have the same length.";
    private readonly BenchmarkFiles _files = new();

    public DecontaminationFilterConformanceTests()
    {
        var bench = _files.Jsonl("b.jsonl", new System.Text.Json.Nodes.JsonObject { ["id"] = "p", ["q"] = Question });
        Filter = DecontaminationFilter.Create(new DecontaminationOptions { Against = [bench] });
    }

    protected override IFilter Filter { get; }

    protected override IReadOnlyList<FilterItem> Items { get; } = [Doc("Task: " + Question), Doc("An unrelated text about lighthouses and the sea."), Doc(Question.ToUpperInvariant())];

    public void Dispose() => _files.Dispose();
}

public sealed class LanguageFilterConformanceTests : FilterConformanceTests
{
    protected override IFilter Filter { get; } = new LanguageFilter(new LanguageFilterOptions { Keep = ["en"] });

    protected override IReadOnlyList<FilterItem> Items { get; } =
        [Doc("The lighthouse keeper climbed the stairs every evening."), Doc("Le gardien du phare montait l'escalier chaque soir."), Doc("1234 5678")];
}

public sealed class PiiFilterConformanceTests : FilterConformanceTests
{
    protected override IFilter Filter { get; } = new PiiFilter();

    protected override IReadOnlyList<FilterItem> Items { get; } =
        [Doc("Write to keeper@example.org or call +44 20 7946 0958."), Doc("No personal data here."), Doc("Card 4111 1111 1111 1111 and IBAN DE89 3704 0044 0532 0130 00.")];
}
