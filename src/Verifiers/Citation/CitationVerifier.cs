using System.Diagnostics;
using System.Text.Json;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Citation.Quotes;

namespace MidTrain.Verifiers.Citation;

/// <summary>
/// The pipeline stage <c>verify: citation</c>: checks that what a sample's last assistant message quotes is really in
/// its sources. Sources: the sample's passage (<see cref="SourceSpan.Text"/>, id <c>passage</c>) and, when present,
/// <c>fields.sources</c> (an object id → text). Quotes: <c>fields.quotes</c> (strings, or objects with <c>text</c> and
/// <c>source_id</c>) when present, else those extracted from the answer by <see cref="QuoteExtractor"/>. The verdict's
/// details are the per-quote array. Thread-safe.
/// </summary>
public sealed class CitationVerifier : IVerifier
{
    private readonly CitationChecker _checker;

    /// <summary>Creates the verifier with <paramref name="options"/> (defaults when null).</summary>
    public CitationVerifier(CitationOptions? options = null) => _checker = new CitationChecker(options);

    /// <inheritdoc />
    public string Name => "citation";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var sources = new List<CitationSource>();
        var hasNamedSources = sample.Fields?.TryGetValue("sources", out var named) == true && named.ValueKind == JsonValueKind.Object;
        if (!string.IsNullOrEmpty(sample.Source.Text))
        {
            sources.Add(_checker.CreateSource("passage", sample.Source.Text, isDefault: !hasNamedSources));
        }

        if (sample.Fields?.TryGetValue("sources", out var sourcesField) == true)
        {
            if (sourcesField.ValueKind != JsonValueKind.Object)
            {
                return Done(Verdict.Invalid(Name, Version, "fields.sources must be an object of id → text"), started);
            }

            foreach (var property in sourcesField.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return Done(Verdict.Invalid(Name, Version, $"fields.sources.{property.Name} must be a string"), started);
                }

                sources.Add(_checker.CreateSource(property.Name, property.Value.GetString()!));
            }
        }

        var answer = sample.LastAssistantContent;
        IReadOnlyList<Quote> quotes;
        if (sample.Fields?.TryGetValue("quotes", out var quotesField) == true)
        {
            var parsed = CitationLineVerifier.ParseQuotes(System.Text.Json.Nodes.JsonNode.Parse(quotesField.GetRawText()), out var error);
            if (parsed is null)
            {
                return Done(Verdict.Invalid(Name, Version, "fields.quotes: " + error), started);
            }

            quotes = parsed;
        }
        else if (answer is null)
        {
            return Done(Verdict.Invalid(Name, Version, "no assistant message and no fields.quotes"), started);
        }
        else
        {
            quotes = QuoteExtractor.Extract(answer);
        }

        var report = _checker.Check(sources, quotes, answer);
        var verdict = new Verdict
        {
            Name = Name,
            Version = Version,
            Outcome = report.Outcome,
            Score = report.Score,
            Reason = report.Reason,
            Details = JsonSerializer.SerializeToElement(report.QuotesJson(), JsonDefaults.Options),
        };
        return Done(verdict, started);
    }

    private static ValueTask<Verdict> Done(Verdict verdict, long started) =>
        ValueTask.FromResult(verdict with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds });
}
