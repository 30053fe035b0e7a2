using System.Globalization;
using System.Numerics;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// An exact rational number p/q with q &gt; 0 and gcd(p, q) = 1, over arbitrary-size integers. Immutable and
/// thread-safe. Operations that could blow up (powers) are bounded by the caller through <see cref="TryPow"/>.
/// </summary>
internal readonly struct BigRational : IEquatable<BigRational>, IComparable<BigRational>
{
    /// <summary>Largest numerator/denominator size, in bits, that exact arithmetic may produce.</summary>
    public const long MaxBits = 200_000;

    public BigRational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException();
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsOne && !g.IsZero)
        {
            numerator /= g;
            denominator /= g;
        }

        Numerator = numerator;
        _den = numerator.IsZero ? BigInteger.One : denominator;
    }

    public BigInteger Numerator { get; }

    // A default-initialised struct has a zero field; it reads as 0/1.
    public BigInteger Denominator => _den.IsZero ? BigInteger.One : _den;

    private readonly BigInteger _den;

    public static BigRational Zero => new(BigInteger.Zero, BigInteger.One);

    public static BigRational One => new(BigInteger.One, BigInteger.One);

    public bool IsZero => Numerator.IsZero;

    public bool IsInteger => Denominator.IsOne;

    public int Sign => Numerator.Sign;

    public static BigRational FromInteger(BigInteger value) => new(value, BigInteger.One);

    /// <summary>Parses plain digits with an optional fractional part (<c>123</c>, <c>12.50</c>, <c>.4</c>).</summary>
    public static bool TryParseDecimal(string digits, out BigRational value)
    {
        value = Zero;
        var dot = digits.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? digits : digits[..dot];
        var fracPart = dot < 0 ? string.Empty : digits[(dot + 1)..];
        if (intPart.Length + fracPart.Length == 0 || intPart.Length + fracPart.Length > 20_000)
        {
            return false;
        }

        foreach (var c in intPart.AsSpan())
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        foreach (var c in fracPart.AsSpan())
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        var all = intPart + fracPart;
        var num = all.Length == 0 ? BigInteger.Zero : BigInteger.Parse(all, NumberStyles.None, CultureInfo.InvariantCulture);
        value = new BigRational(num, BigInteger.Pow(10, fracPart.Length));
        return true;
    }

    public static BigRational operator +(BigRational a, BigRational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static BigRational operator -(BigRational a, BigRational b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static BigRational operator -(BigRational a) => new(-a.Numerator, a.Denominator);

    public static BigRational operator *(BigRational a, BigRational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static BigRational operator /(BigRational a, BigRational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static bool operator ==(BigRational a, BigRational b) => a.Equals(b);

    public static bool operator !=(BigRational a, BigRational b) => !a.Equals(b);

    public static bool operator <(BigRational a, BigRational b) => a.CompareTo(b) < 0;

    public static bool operator >(BigRational a, BigRational b) => a.CompareTo(b) > 0;

    public static bool operator <=(BigRational a, BigRational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(BigRational a, BigRational b) => a.CompareTo(b) >= 0;

    /// <summary>Bits needed to hold numerator and denominator; the size guard for further arithmetic.</summary>
    public long Bits => (long)(Numerator.IsZero ? 1 : Numerator.GetBitLength()) + (long)Denominator.GetBitLength();

    /// <summary>a^n for an integer n, refused (false) when the result would exceed <see cref="MaxBits"/>.</summary>
    public bool TryPow(BigInteger n, out BigRational result)
    {
        result = Zero;
        if (n.IsZero)
        {
            result = One;
            return true;
        }

        if (IsZero)
        {
            if (n.Sign < 0)
            {
                return false;
            }

            result = Zero;
            return true;
        }

        var absNum = BigInteger.Abs(Numerator);
        if (absNum.IsOne && Denominator.IsOne)
        {
            result = Numerator.Sign < 0 && !n.IsEven ? -One : One;
            return true;
        }

        var magnitude = BigInteger.Abs(n);
        if (magnitude > 1_000_000 || (long)magnitude * Bits > MaxBits)
        {
            return false;
        }

        var e = (int)magnitude;
        var num = BigInteger.Pow(Numerator, e);
        var den = BigInteger.Pow(Denominator, e);
        result = n.Sign > 0 ? new BigRational(num, den) : new BigRational(den, num);
        return true;
    }

    /// <summary>Exact k-th root when this number is a perfect k-th power of a rational; otherwise false.</summary>
    public bool TryRoot(int k, out BigRational result)
    {
        result = Zero;
        if (k < 1 || Bits > 20_000)
        {
            return false;
        }

        if (Sign < 0 && k % 2 == 0)
        {
            return false;
        }

        if (!TryIntegerRoot(BigInteger.Abs(Numerator), k, out var n) || !TryIntegerRoot(Denominator, k, out var d))
        {
            return false;
        }

        result = new BigRational(Sign < 0 ? -n : n, d);
        return true;
    }

    private static bool TryIntegerRoot(BigInteger value, int k, out BigInteger root)
    {
        root = BigInteger.Zero;
        if (value.IsZero || value.IsOne)
        {
            root = value;
            return true;
        }

        var approx = System.Math.Exp(BigInteger.Log(value) / k);
        if (double.IsNaN(approx) || double.IsInfinity(approx))
        {
            return false;
        }

        BigInteger guess;
        if (approx < 1e15)
        {
            guess = new BigInteger(System.Math.Round(approx));
        }
        else
        {
            // Newton iteration from the double estimate for large values.
            guess = new BigInteger(approx);
            for (var i = 0; i < 200; i++)
            {
                var next = ((k - 1) * guess + value / BigInteger.Pow(guess, k - 1)) / k;
                if (BigInteger.Abs(next - guess) <= 1)
                {
                    guess = next;
                    break;
                }

                guess = next;
            }
        }

        for (var delta = -1; delta <= 1; delta++)
        {
            var candidate = guess + delta;
            if (candidate.Sign > 0 && BigInteger.Pow(candidate, k) == value)
            {
                root = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Rounds to <paramref name="digits"/> decimal places, ties to even (as SymPy's <c>round</c>, which Math-Verify
    /// uses: 0.125 → 0.12, 0.375 → 0.38), returned as an integer scaled by 10^digits.
    /// </summary>
    public BigInteger RoundScaled(int digits)
    {
        var scaled = Numerator * BigInteger.Pow(10, digits);
        var q = BigInteger.DivRem(BigInteger.Abs(scaled), Denominator, out var r);
        var twice = r * 2;
        if (twice > Denominator || (twice == Denominator && !q.IsEven))
        {
            q += 1;
        }

        return scaled.Sign < 0 ? -q : q;
    }

    public double ToDouble()
    {
        var n = (double)Numerator;
        var d = (double)Denominator;
        if (!double.IsInfinity(n) && !double.IsInfinity(d))
        {
            return n / d;
        }

        // Scale both down to keep the quotient finite when it is.
        var shift = (int)System.Math.Max(0, System.Math.Max((long)BigInteger.Abs(Numerator).GetBitLength(), (long)Denominator.GetBitLength()) - 1000);
        return (double)(Numerator >> shift) / (double)(Denominator >> shift);
    }

    public bool Equals(BigRational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is BigRational other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public int CompareTo(BigRational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public override string ToString() =>
        Denominator.IsOne ? Numerator.ToString(CultureInfo.InvariantCulture) : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
