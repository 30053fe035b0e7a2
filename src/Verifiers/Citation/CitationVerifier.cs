using System.Text.Json;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Citation.Quotes;

namespace MidTrain.Verifiers.Citation;

/// <summary>
/// <c>verify: citation</c> and <c>midtrain verify citation</c>: checks that what a sample quotes is really in its
/// sources. Sources: the sample's passage (<see cref="SourceSpan.Text"/>, id <c>passage</c>), <c>fields.source</c> (one
/// text, id <c>source</c>) and <c>fields.sources</c> (an object id → text). Quotes: <c>fields.quotes</c> (strings, or
/// objects with <c>text</c> and <c>source_id</c>) when present, else those extracted from the last assistant message
/// (in a file, the <c>answer</c> field) by <see cref="QuoteExtractor"/>. The verdict's details hold <c>quotes</c> (the
/// per-quote checks) and, for an answer, <c>reuse</c>. Thread-safe.
/// </summary>
public sealed class CitationVerifier : IVerifier
{
    /// <summary>The verifier name written into verdicts.</summary>
    public const string VerifierName = "citation";

    /// <summary>The verifier version written into verdicts.</summary>
    public const string VerifierVersion = "1.1.0";

    private readonly CitationChecker _checker;

    /// <summary>Creates the verifier with <paramref name="options"/> (defaults when null).</summary>
    public CitationVerifier(CitationOptions? options = null) => _checker = new CitationChecker(options);

    /// <inheritdoc />
    public string Name => VerifierName;

    /// <inheritdoc />
    public string Version => VerifierVersion;

    /// <inheritdoc />
    public ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Verify(sample));
    }

    private Verdict Verify(Sample sample)
    {
        var fields = sample.Fields;
        JsonElement single = default, named = default;
        var hasSingle = fields?.TryGetValue("source", out single) == true;
        var hasNamed = fields?.TryGetValue("sources", out named) == true;
        var sources = new List<CitationSource>();
        if (!string.IsNullOrEmpty(sample.Source.Text))
        {
            sources.Add(_checker.CreateSource("passage", sample.Source.Text, isDefault: !hasSingle && !hasNamed));
        }

        if (hasSingle)
        {
            if (single.ValueKind != JsonValueKind.String)
            {
                return Invalid("fields.source must be a string");
            }

            sources.Add(_checker.CreateSource("source", single.GetString()!, isDefault: true));
        }

        if (hasNamed)
        {
            if (named.ValueKind != JsonValueKind.Object)
            {
                return Invalid("fields.sources must be an object of id → text");
            }

            foreach (var property in named.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return Invalid($"fields.sources.{property.Name} must be a string");
                }

                sources.Add(_checker.CreateSource(property.Name, property.Value.GetString()!));
            }
        }

        if (sources.Count == 0)
        {
            return Invalid("no source: the sample has no passage text, fields.source or fields.sources");
        }

        var answer = sample.LastAssistantContent;
        IReadOnlyList<Quote> quotes;
        if (fields?.TryGetValue("quotes", out var quotesField) == true)
        {
            var parsed = QuoteList.Parse(quotesField, out var error);
            if (parsed is null)
            {
                return Invalid("fields.quotes: " + error);
            }

            quotes = parsed;
        }
        else if (answer is null)
        {
            return Invalid("no answer (assistant message) and no fields.quotes");
        }
        else
        {
            quotes = QuoteExtractor.Extract(answer);
        }

        var report = _checker.Check(sources, quotes, answer);
        return new Verdict
        {
            Name = Name,
            Version = Version,
            Outcome = report.Outcome,
            Score = report.Score is { } score ? System.Math.Round(score, 4) : null,
            Reason = report.Reason,
            Details = JsonSerializer.SerializeToElement(report.DetailsJson(answer), JsonDefaults.Options),
        };
    }

    private Verdict Invalid(string reason) => Verdict.Invalid(Name, Version, reason);
}
