using System.Security.Cryptography;
using System.Text;

namespace MidTrain.Models.Serving;

/// <summary>
/// Checks <c>Authorization: Bearer KEY</c> against the server's key in constant time: both sides are hashed with
/// SHA-256 first, so neither the comparison nor the key's length shows in the timing. Keeps only the hash. Thread-safe.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    private const string Scheme = "Bearer ";
    private readonly byte[] _expected;

    public ApiKeyAuthenticator(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        _expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer</c> followed by the key.</summary>
    public bool Accepts(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(Scheme.Length).Trim().ToString()), presented);
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }
}
