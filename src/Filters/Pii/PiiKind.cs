namespace MidTrain.Filters.Pii;

/// <summary>The kinds of personal data the <c>pii</c> filter finds (option <c>kinds</c>, snake_case in YAML).</summary>
public enum PiiKind
{
    /// <summary>An email address (<c>&lt;EMAIL&gt;</c>).</summary>
    Email,

    /// <summary>A phone number in international or a common national format (<c>&lt;PHONE&gt;</c>).</summary>
    Phone,

    /// <summary>An IPv4 or IPv6 address (<c>&lt;IP_ADDRESS&gt;</c>).</summary>
    IpAddress,

    /// <summary>An IBAN with a valid country length and mod-97 checksum (<c>&lt;IBAN&gt;</c>).</summary>
    Iban,

    /// <summary>A payment card number with a valid Luhn checksum, a known issuer prefix and a length that issuer uses (<c>&lt;CREDIT_CARD&gt;</c>).</summary>
    CreditCard,
}
