namespace MidTrain.Filters.Pii;

/// <summary>
/// Payment card number validation: the Luhn checksum, and an issuer identification number (IIN) prefix with a length
/// that issuer uses (Visa, Mastercard, American Express, Discover, Diners Club, JCB, UnionPay, Maestro, Mir). Stateless.
/// </summary>
internal static class PaymentCard
{
    private static readonly (int Low, int High, int Digits, int MinLength, int MaxLength)[] Ranges =
    [
        (4, 4, 1, 13, 13), (4, 4, 1, 16, 16), (4, 4, 1, 19, 19), // Visa
        (51, 55, 2, 16, 16), (2221, 2720, 4, 16, 16), // Mastercard
        (34, 34, 2, 15, 15), (37, 37, 2, 15, 15), // American Express
        (6011, 6011, 4, 16, 19), (644, 649, 3, 16, 19), (65, 65, 2, 16, 19), // Discover
        (300, 305, 3, 14, 19), (36, 36, 2, 14, 19), (38, 39, 2, 16, 19), // Diners Club
        (3528, 3589, 4, 16, 19), // JCB
        (62, 62, 2, 16, 19), // UnionPay
        (5018, 5018, 4, 13, 19), (5020, 5020, 4, 13, 19), (5038, 5038, 4, 13, 19), (5893, 5893, 4, 13, 19),
        (6304, 6304, 4, 13, 19), (6759, 6759, 4, 13, 19), (6761, 6763, 4, 13, 19), // Maestro
        (2200, 2204, 4, 16, 19), // Mir
    ];

    /// <summary>Whether <paramref name="digits"/> (ASCII digits only) is a plausible card number.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits) => HasKnownPrefix(digits) && Luhn(digits);

    /// <summary>Whether <paramref name="digits"/> starts with a known IIN and has a length that issuer uses.</summary>
    public static bool HasKnownPrefix(ReadOnlySpan<char> digits)
    {
        if (digits.Length is < 13 or > 19)
        {
            return false;
        }

        foreach (var (low, high, count, min, max) in Ranges)
        {
            var prefix = 0;
            for (var i = 0; i < count; i++)
            {
                prefix = (prefix * 10) + (digits[i] - '0');
            }

            if (prefix >= low && prefix <= high && digits.Length >= min && digits.Length <= max)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The Luhn (mod 10) check.</summary>
    public static bool Luhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }
}
