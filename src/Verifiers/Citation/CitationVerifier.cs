using System.Text.Json;
using System.Text.Json.Nodes;
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
/// <remarks>
/// <b>Long-context samples</b> (a <c>fields.context</c> layout, see <see cref="LongContextFields"/>): the sources are the
/// context's documents, sliced from the user turn at their recorded spans, and each quote is aligned to the document it
/// cites only — a true quote attributed to the wrong document fails. The sample fails when a quote cites no document
/// or one the context does not have, when a recorded evidence span lies outside its document or the context, or when
/// the quotes come from fewer different documents than <c>fields.min_documents</c> (a multi-hop question needs two).
/// Only the cited documents are normalised, so a 128k-token context is not copied whole.
/// </remarks>
public sealed partial class CitationVerifier : SynchronousVerifier
{
    /// <summary>The verifier name written into verdicts.</summary>
    public const string VerifierName = "citation";

    /// <summary>The verifier version written into verdicts.</summary>
    public const string VerifierVersion = "1.2.0";

    private readonly CitationChecker _checker;

    /// <summary>Creates the verifier with <paramref name="options"/> (defaults when null).</summary>
    public CitationVerifier(CitationOptions? options = null)
        : base(VerifierName, VerifierVersion) => _checker = new CitationChecker(options);

    /// <inheritdoc />
    protected override Verdict Verify(Sample sample, CancellationToken cancellationToken)
    {
        ContextLayout? layout;
        try
        {
            layout = LongContextFields.ReadLayout(sample);
        }
        catch (JsonException ex)
        {
            return Invalid("fields.context is not a context layout: " + ex.Message);
        }

        if (layout is not null)
        {
            return VerifyLongContext(sample, layout);
        }

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
        if (QuotesOf(sample, answer, out var problem) is not { } quotes)
        {
            return Invalid(problem!);
        }

        var report = _checker.Check(sources, quotes, answer);
        return Conclude(report.Outcome, report.Reason, report, report.DetailsJson(answer));
    }

    private Verdict VerifyLongContext(Sample sample, ContextLayout layout)
    {
        var user = sample.Messages.FirstOrDefault(m => m.Role == Message.User)?.Content;
        if (user is null)
        {
            return Invalid("a long-context sample needs a user turn holding the context");
        }

        var documents = new Dictionary<int, ContextDocument>();
        foreach (var document in layout.Documents)
        {
            if (document.Start < 0 || document.End < document.Start || document.End > layout.Chars || layout.Offset < 0 || (long)layout.Offset + document.End > user.Length
                || !documents.TryAdd(document.Number, document))
            {
                return Invalid($"fields.context does not match the user turn: document {document.Number} [{document.Start}, {document.End}) lies outside it or is listed twice");
            }
        }

        IReadOnlyList<ContextEvidence> evidence;
        int minDocuments;
        try
        {
            evidence = LongContextFields.ReadEvidence(sample);
            minDocuments = LongContextFields.ReadMinDocuments(sample);
        }
        catch (JsonException ex)
        {
            return Invalid("fields.evidence or fields.min_documents: " + ex.Message);
        }

        for (var i = 0; i < evidence.Count; i++)
        {
            var e = evidence[i];
            if (!documents.TryGetValue(e.Document, out var holder) || e.Start < holder.Start || e.End > holder.End || e.End <= e.Start)
            {
                return Fail($"evidence {i + 1} (document {e.Document}, [{e.Start}, {e.End})) lies outside the context's documents", null);
            }
        }

        var answer = sample.LastAssistantContent;
        if (QuotesOf(sample, answer, out var problem) is not { } quotes)
        {
            return Invalid(problem!);
        }

        if (quotes.Count == 0)
        {
            return Invalid("nothing to check: no quotes found");
        }

        // Each quote must name one of the context's documents; it is then aligned to that document only.
        var cited = new List<Quote>(quotes.Count);
        for (var i = 0; i < quotes.Count; i++)
        {
            if (quotes[i].SourceId is not { } id)
            {
                return Fail($"quote {i + 1} cites no document", null);
            }

            var match = DocumentNumber().Match(id);
            if (!match.Success || !int.TryParse(match.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || !documents.ContainsKey(number))
            {
                return Fail($"quote {i + 1} cites '{id}', which is not a document of the context (documents {string.Join(", ", documents.Keys.Order())})", null);
            }

            cited.Add(quotes[i] with { SourceId = number.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        var sources = cited.Select(q => int.Parse(q.SourceId!, System.Globalization.CultureInfo.InvariantCulture)).Distinct()
            .Select(n => _checker.CreateSource(n.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Substring(layout.Offset + documents[n].Start, documents[n].Length)))
            .ToList();
        var report = _checker.Check(sources, cited, answer);
        var details = report.DetailsJson(answer);
        var distinct = cited.Select(q => q.SourceId).Distinct().Count();
        details["documents_cited"] = distinct;
        details["min_documents"] = minDocuments;
        var outcome = report.Outcome;
        var reason = report.Reason;
        if (outcome == VerdictOutcome.Pass && distinct < minDocuments)
        {
            outcome = VerdictOutcome.Fail;
            reason = $"{report.Reason}; but they come from {distinct} document{(distinct == 1 ? string.Empty : "s")}, and this question needs evidence from at least {minDocuments}";
        }

        return Conclude(outcome, reason, report, details);
    }

    /// <summary>The verdict on a checked <paramref name="report"/>: its score to four places, <paramref name="details"/> as JSON.</summary>
    private Verdict Conclude(VerdictOutcome outcome, string reason, CitationReport report, JsonObject details) => new()
    {
        Name = Name,
        Version = Version,
        Outcome = outcome,
        Score = report.Score is { } score ? System.Math.Round(score, 4) : null,
        Reason = reason,
        Details = JsonSerializer.SerializeToElement(details, JsonDefaults.Options),
    };

    private Verdict Fail(string reason, double? score) => new() { Name = Name, Version = Version, Outcome = VerdictOutcome.Fail, Score = score, Reason = reason };

    /// <summary>
    /// The quotes to check: <c>fields.quotes</c> when the sample has it, else those extracted from
    /// <paramref name="answer"/>; null with the <paramref name="problem"/> when neither gives any to read.
    /// </summary>
    private static IReadOnlyList<Quote>? QuotesOf(Sample sample, string? answer, out string? problem)
    {
        problem = null;
        if (sample.Fields?.TryGetValue("quotes", out var quotesField) == true)
        {
            var parsed = QuoteList.Parse(quotesField, out var error);
            problem = parsed is null ? "fields.quotes: " + error : null;
            return parsed;
        }

        if (answer is null)
        {
            problem = "no answer (assistant message) and no fields.quotes";
            return null;
        }

        return QuoteExtractor.Extract(answer);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+")]
    private static partial System.Text.RegularExpressions.Regex DocumentNumber();
}
