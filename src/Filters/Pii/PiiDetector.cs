using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MidTrain.Filters.Pii;

/// <summary>
/// Finds personal data in a text: email addresses, phone numbers (international with <c>+</c> or <c>00</c>; North
/// American <c>(415) 555-0132</c>; national numbers with a trunk <c>0</c> as written across Europe, e.g.
/// <c>01 23 45 67 89</c>, <c>020 7946 0958</c>, <c>030/1234567</c>; and bare digit runs right after a word such as
/// <c>phone</c>, <c>tel</c> or <c>mobile</c>), IPv4 and IPv6 addresses, IBANs (country length and mod-97 checksum) and
/// payment card numbers (Luhn checksum, known issuer prefix and length). Candidates are found with regular
/// expressions, then validated; overlapping candidates are resolved in favour of checksummed kinds, then the longer
/// span. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// What it does not catch: names of people, postal addresses, dates of birth, national identity, passport, tax and
/// social security numbers, licence plates, account numbers other than IBANs, card numbers of unknown issuers or with
/// a wrong check digit, phone numbers written without any separator and without a phone word before them
/// (<c>0612345678</c>), local numbers without an area code (<c>555-0132</c>), national formats without a trunk 0
/// (Spain's <c>612 34 56 78</c>), numbers spelled out in words, and obfuscated addresses (<c>jane at example dot
/// com</c>). What it may wrongly catch: digit groups that look like a phone number after no word that says otherwise
/// (order, invoice, reference, ticket, tracking, account, ISBN, serial… before a number suppress phone matches), four
/// dotted numbers that are not an address (<c>version</c>, <c>release</c> or <c>build</c> before them suppress it), and
/// a random 13–19 digit number that happens to pass Luhn with a known prefix (about 1 in 10 of those with a known
/// prefix).
/// </remarks>
public sealed partial class PiiDetector
{
    private static readonly HashSet<string> AssetExtensions = new(StringComparer.OrdinalIgnoreCase) { "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "css", "js" };
    private static readonly string[] VersionWords = ["version", "ver", "release", "build", "firmware", "v", "versión", "versão", "versione"];

    private readonly HashSet<PiiKind> _kinds;

    /// <summary>Creates a detector for <paramref name="kinds"/> (null or empty: every kind).</summary>
    public PiiDetector(IEnumerable<PiiKind>? kinds = null)
    {
        _kinds = [.. kinds ?? []];
        if (_kinds.Count == 0)
        {
            _kinds = [.. Enum.GetValues<PiiKind>()];
        }
    }

    /// <summary>The kinds looked for.</summary>
    public IReadOnlyCollection<PiiKind> Kinds => _kinds;

    /// <summary>The placeholder a redaction writes for <paramref name="kind"/>, e.g. <c>&lt;EMAIL&gt;</c>.</summary>
    public static string Placeholder(PiiKind kind) => kind switch
    {
        PiiKind.Email => "<EMAIL>",
        PiiKind.Phone => "<PHONE>",
        PiiKind.IpAddress => "<IP_ADDRESS>",
        PiiKind.Iban => "<IBAN>",
        PiiKind.CreditCard => "<CREDIT_CARD>",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The snake_case name of <paramref name="kind"/> (as in configuration, counters and edits), e.g. <c>ip_address</c>.</summary>
    public static string Name(PiiKind kind) => kind switch
    {
        PiiKind.Email => "email",
        PiiKind.Phone => "phone",
        PiiKind.IpAddress => "ip_address",
        PiiKind.Iban => "iban",
        PiiKind.CreditCard => "credit_card",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The personal data in <paramref name="text"/>, in order, without overlaps.</summary>
    public IReadOnlyList<PiiMatch> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hasDigit = text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
        var candidates = new List<PiiMatch>();
        if (_kinds.Contains(PiiKind.Email) && text.Contains('@'))
        {
            AddEmails(text, candidates);
        }

        if (hasDigit)
        {
            if (_kinds.Contains(PiiKind.CreditCard))
            {
                AddCards(text, candidates);
            }

            if (_kinds.Contains(PiiKind.Iban))
            {
                AddIbans(text, candidates);
            }

            if (_kinds.Contains(PiiKind.IpAddress))
            {
                AddIpAddresses(text, candidates);
            }

            if (_kinds.Contains(PiiKind.Phone))
            {
                AddPhones(text, candidates);
            }
        }

        return Resolve(candidates);
    }

    private static List<PiiMatch> Resolve(List<PiiMatch> candidates)
    {
        if (candidates.Count <= 1)
        {
            return candidates;
        }

        candidates.Sort((a, b) => a.Kind != b.Kind ? Priority(a.Kind).CompareTo(Priority(b.Kind)) : b.Length != a.Length ? b.Length.CompareTo(a.Length) : a.Start.CompareTo(b.Start));
        var accepted = new List<PiiMatch>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (!accepted.Exists(a => a.Start < candidate.End && candidate.Start < a.End))
            {
                accepted.Add(candidate);
            }
        }

        accepted.Sort((a, b) => a.Start.CompareTo(b.Start));
        return accepted;
    }

    private static int Priority(PiiKind kind) => kind switch
    {
        PiiKind.CreditCard => 0,
        PiiKind.Iban => 1,
        PiiKind.Email => 2,
        PiiKind.IpAddress => 3,
        _ => 4,
    };

    private static void AddEmails(string text, List<PiiMatch> found)
    {
        foreach (var match in EmailPattern().EnumerateMatches(text))
        {
            var value = text.AsSpan(match.Index, match.Length);
            var tld = value[(value.LastIndexOf('.') + 1)..].ToString();
            if (!AssetExtensions.Contains(tld) && !value.Contains("..", StringComparison.Ordinal))
            {
                found.Add(new PiiMatch(PiiKind.Email, match.Index, match.Index + match.Length));
            }
        }
    }

    private static void AddCards(string text, List<PiiMatch> found)
    {
        Span<char> digits = stackalloc char[19];
        foreach (var match in CardPattern().EnumerateMatches(text))
        {
            var count = 0;
            foreach (var c in text.AsSpan(match.Index, match.Length))
            {
                if (char.IsAsciiDigit(c))
                {
                    if (count == digits.Length)
                    {
                        count = -1;
                        break;
                    }

                    digits[count++] = c;
                }
            }

            if (count > 0 && PaymentCard.IsValid(digits[..count]))
            {
                found.Add(new PiiMatch(PiiKind.CreditCard, match.Index, match.Index + match.Length));
            }
        }
    }

    private static void AddIbans(string text, List<PiiMatch> found)
    {
        Span<char> iban = stackalloc char[34];

        // An IBAN starts with two letters and two digits: find digit pairs (rare in prose), then look back.
        for (var p = text.AsSpan().IndexOfAnyInRange('0', '9'); p >= 0 && p + 1 < text.Length;)
        {
            var start = p - 2;
            var candidate = start >= 0 && char.IsAsciiDigit(text[p + 1]) && char.IsAsciiLetter(text[start]) && char.IsAsciiLetter(text[start + 1])
                && (start == 0 || !char.IsLetterOrDigit(text[start - 1]));
            var next = text.AsSpan(p + 1).IndexOfAnyInRange('0', '9');
            p = next < 0 ? -1 : p + 1 + next;
            if (!candidate)
            {
                continue;
            }

            iban[0] = char.ToUpperInvariant(text[start]);
            iban[1] = char.ToUpperInvariant(text[start + 1]);
            if (!Iban.Lengths.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(iban[..2], out var length))
            {
                continue;
            }

            // Walk the characters of the IBAN, allowing one space or dash between characters (groups of four).
            var count = 0;
            var i = start;
            while (i < text.Length && count < length)
            {
                var c = text[i];
                if (char.IsAsciiLetterOrDigit(c))
                {
                    iban[count++] = char.ToUpperInvariant(c);
                    i++;
                }
                else if (count >= 4 && c is ' ' or '-' && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]))
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            if (count == length && (i == text.Length || !char.IsLetterOrDigit(text[i])) && Iban.IsValid(iban[..count]))
            {
                found.Add(new PiiMatch(PiiKind.Iban, start, i));
            }
        }
    }

    private static void AddIpAddresses(string text, List<PiiMatch> found)
    {
        foreach (var match in IPv4Pattern().EnumerateMatches(text))
        {
            if (!PrecededByWord(text, match.Index, VersionWords))
            {
                found.Add(new PiiMatch(PiiKind.IpAddress, match.Index, match.Index + match.Length));
            }
        }

        if (!text.Contains(':'))
        {
            return;
        }

        foreach (var match in IPv6CandidatePattern().EnumerateMatches(text))
        {
            var value = text.AsSpan(match.Index, match.Length);
            var groups = 0;
            foreach (var range in value.Split(':'))
            {
                groups += range.End.Value > range.Start.Value ? 1 : 0;
            }

            if (groups >= 2 && value.IndexOfAnyInRange('0', '9') >= 0
                && IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                found.Add(new PiiMatch(PiiKind.IpAddress, match.Index, match.Index + match.Length));
            }
        }
    }

    private static void AddPhones(string text, List<PiiMatch> found)
    {
        AddPhones(text, InternationalPhonePattern(), found, static value =>
        {
            var digits = CountDigits(value) - (value.Contains("(0)", StringComparison.Ordinal) ? 1 : 0);
            var separators = value.Count(' ') + value.Count('-') + value.Count('.');
            return digits is >= 8 and <= 15 && (value[0] == '+' || separators >= 2);
        });
        AddPhones(text, NorthAmericanPhonePattern(), found, static value =>
        {
            var digitsOnly = new string(value.ToArray().Where(char.IsAsciiDigit).ToArray());
            var local = digitsOnly.Length == 11 ? digitsOnly[1..] : digitsOnly;
            return local.Length == 10 && local[0] >= '2' && local[3] >= '2';
        });
        AddPhones(text, TrunkPhonePattern(), found, static value => CountDigits(value) is >= 9 and <= 12);

        foreach (Match match in KeywordPhonePattern().Matches(text))
        {
            var number = match.Groups["number"];
            var digits = CountDigits(number.ValueSpan);
            if (digits is >= 8 and <= 15)
            {
                found.Add(new PiiMatch(PiiKind.Phone, number.Index, number.Index + number.Length));
            }
        }
    }

    /// <summary>The matches of <paramref name="pattern"/> that <paramref name="isNumber"/> accepts, unless their context says they are no phone number.</summary>
    private static void AddPhones(string text, Regex pattern, List<PiiMatch> found, Func<ReadOnlySpan<char>, bool> isNumber)
    {
        foreach (var match in pattern.EnumerateMatches(text))
        {
            if (isNumber(text.AsSpan(match.Index, match.Length)) && !InNonPhoneContext(text, match.Index))
            {
                found.Add(new PiiMatch(PiiKind.Phone, match.Index, match.Index + match.Length));
            }
        }
    }

    private static int CountDigits(ReadOnlySpan<char> value)
    {
        var count = 0;
        foreach (var c in value)
        {
            count += char.IsAsciiDigit(c) ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Whether the 30 characters before <paramref name="index"/> name a non-phone number (order, invoice…) and no phone
    /// word, or the number continues the four-character groups of an IBAN-shaped run (<c>DE89 3704 0044 …</c>: an
    /// account number with a wrong check digit is still no phone number).
    /// </summary>
    private static bool InNonPhoneContext(string text, int index)
    {
        var window = text.AsSpan(Math.Max(0, index - 30), Math.Min(30, index));
        if (NonPhoneContextPattern().IsMatch(window) && !PhoneWordPattern().IsMatch(window))
        {
            return true;
        }

        return IbanGroupsBeforePattern().IsMatch(text.AsSpan(Math.Max(0, index - 40), Math.Min(40, index)));
    }

    /// <summary>Whether the word just before <paramref name="index"/> (skipping spaces and a colon) is one of <paramref name="words"/>.</summary>
    private static bool PrecededByWord(string text, int index, string[] words)
    {
        var end = index;
        while (end > 0 && (text[end - 1] is ' ' or ':' or '\t'))
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        var word = text.AsSpan(start, end - start);
        foreach (var candidate in words)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+\-@])[\p{L}\p{N}][\p{L}\p{N}._%+\-]{0,63}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}\-@])", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}\-.,])(?:\d{4}([ \-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ \-])\d{6}\2\d{4,5}|\d{13,19})(?![\p{L}\p{N}]|[\-.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}.\-])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\p{L}\p{N}\-]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4Pattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{3,39}(?:\.\d{1,3}){0,3}(?![\p{L}\p{N}:]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex IPv6CandidatePattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}+])(?:\+|00)[1-9]\d{0,2}(?:[ .\-]?\(\d{1,4}\))?[ .\-]?\d{1,14}(?:[ .\-]\d{1,8}){0,6}(?![\p{L}\p{N}]|[\-.]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalPhonePattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}+\-.])(?:1[ .\-]?)?(?:\(\d{3}\) ?\d{3}[ .\-]\d{4}|\d{3}([ .\-])\d{3}\1\d{4})(?![\p{L}\p{N}]|[\-.]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NorthAmericanPhonePattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}+\-./])0[1-9]\d{0,4}([ .\-/])\d{2,8}(?:\1\d{2,8}){0,3}(?![\p{L}\p{N}]|[\-./]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex TrunkPhonePattern();

    [GeneratedRegex(@"(?i:\b(?:tel|t[ée]l[ée]phone|telephone|telefon|tel[ée]fono|phone|ph|mobile|mobil|cell|cellphone|cellulare|m[óo]vil|fax|call|whatsapp|appelez|anrufen)\b)[^\p{N}\n]{0,15}(?<number>\+?\d[\d .\-()/]{6,22}\d)(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPhonePattern();

    [GeneratedRegex(@"(?i:\b(?:order|invoice|ref|reference|ticket|tracking|account|acct|isbn|issn|sku|serial|part|item|booking|confirmation|case|policy|customer|id|no\.|nr\.?|n[°º]|commande|facture|bestellung|rechnung|pedido|factura)\b|#)", RegexOptions.CultureInvariant)]
    private static partial Regex NonPhoneContextPattern();

    [GeneratedRegex(@"(?i:\b(?:tel|t[ée]l[ée]phone|telephone|telefon|tel[ée]fono|phone|mobile|mobil|cell|fax|call|whatsapp|appelez|anrufen)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneWordPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?:[ \-][A-Za-z0-9]{4})*[ \-]$", RegexOptions.CultureInvariant)]
    private static partial Regex IbanGroupsBeforePattern();
}
