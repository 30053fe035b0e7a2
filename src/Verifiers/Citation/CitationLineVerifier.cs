using System.Text.Json.Nodes;
using MidTrain.Core.Verification;
using MidTrain.Verifiers.Citation.Quotes;

namespace MidTrain.Verifiers.Citation;

/// <summary>
/// <c>midtrain verify citation</c>: each input line has <c>source</c> (a string) or <c>sources</c> (an object id →
/// text), and <c>answer</c> (text with citations: <c>&lt;ref name="ID"&gt;…&lt;/ref&gt;</c>, <c>"…" [ID]</c>, Markdown
/// block quotes with a marker) or <c>quotes</c> (an array of strings, or of objects <c>{text, source_id}</c>). The
/// verdict holds <c>outcome</c>, <c>reason</c>, <c>score</c>, <c>quotes[]</c> and, when an answer was given,
/// <c>reuse</c>. Malformed lines get an <c>invalid</c> verdict. Thread-safe.
/// </summary>
public sealed class CitationLineVerifier : ILineVerifier
{
    private readonly CitationChecker _checker;

    /// <summary>Creates the line verifier with <paramref name="options"/> (defaults when null).</summary>
    public CitationLineVerifier(CitationOptions? options = null) => _checker = new CitationChecker(options);

    /// <inheritdoc />
    public string Kind => "citation";

    /// <inheritdoc />
    public ValueTask<JsonObject> VerifyLineAsync(JsonObject line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Verify(line));
    }

    /// <summary>Parses a <c>quotes</c> value: an array of strings or of objects with <c>text</c> (or <c>quote</c>) and optional <c>source_id</c>.</summary>
    public static IReadOnlyList<Quote>? ParseQuotes(JsonNode? node, out string? error)
    {
        error = null;
        if (node is not JsonArray array)
        {
            error = "must be an array";
            return null;
        }

        var quotes = new List<Quote>();
        for (var k = 0; k < array.Count; k++)
        {
            switch (array[k])
            {
                case JsonValue value when value.TryGetValue<string>(out var text):
                    quotes.Add(new Quote(text, null));
                    break;
                case JsonObject obj when (obj["text"] ?? obj["quote"]) is JsonValue t && t.TryGetValue<string>(out var text):
                    var id = obj["source_id"] is JsonValue s && s.TryGetValue<string>(out var sid) ? sid
                        : obj["source_id"] is JsonValue n && n.TryGetValue<long>(out var number) ? number.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : null;
                    quotes.Add(new Quote(text, id));
                    break;
                default:
                    error = $"item {k} must be a string or an object with a string 'text'";
                    return null;
            }
        }

        return quotes;
    }

    private JsonObject Verify(JsonObject line)
    {
        var sources = new List<CitationSource>();
        if (line["source"] is JsonValue single && single.TryGetValue<string>(out var sourceText))
        {
            sources.Add(_checker.CreateSource("source", sourceText, isDefault: true));
        }
        else if (line["sources"] is JsonObject named)
        {
            foreach (var (id, value) in named)
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
                {
                    return Invalid($"sources.{id} must be a string");
                }

                sources.Add(_checker.CreateSource(id, text));
            }
        }
        else if (line["source"] is not null || line["sources"] is not null)
        {
            return Invalid("'source' must be a string and 'sources' an object of id → text");
        }
        else
        {
            return Invalid("missing field 'source' or 'sources'");
        }

        string? answer = null;
        IReadOnlyList<Quote> quotes;
        if (line["quotes"] is { } quotesNode)
        {
            var parsed = ParseQuotes(quotesNode, out var error);
            if (parsed is null)
            {
                return Invalid("quotes: " + error);
            }

            quotes = parsed;
        }
        else if (line["answer"] is JsonValue a && a.TryGetValue<string>(out var answerText))
        {
            answer = answerText;
            quotes = QuoteExtractor.Extract(answer);
        }
        else
        {
            return Invalid("missing field 'answer' (string) or 'quotes' (array)");
        }

        var report = _checker.Check(sources, quotes, answer);
        var verdict = report.ToJson(answer);
        verdict["verifier"] = Kind;
        return verdict;
    }

    private JsonObject Invalid(string reason) => new() { ["outcome"] = "invalid", ["reason"] = reason, ["verifier"] = Kind };
}
