using System.Runtime.CompilerServices;

namespace MidTrain.Models;

/// <summary>
/// Lets a wrapping chat client see, and replace, what an inner stream throws while it is read. C# allows no
/// <c>yield return</c> inside a <c>try</c> that has a <c>catch</c>, so without this every wrapper hand-rolls the same
/// enumerator loop around <c>MoveNextAsync</c>.
/// </summary>
internal static class StreamFaults
{
    /// <summary>
    /// Yields <paramref name="source"/> unchanged. When moving to the next item throws, <paramref name="onFault"/> sees the
    /// exception first and returns the exception to throw instead, or null to rethrow the original one.
    /// </summary>
    public static async IAsyncEnumerable<T> OnFault<T>(this IAsyncEnumerable<T> source, Func<Exception, Exception?> onFault, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var enumerator = source.GetAsyncEnumerator(cancellationToken);
        await foreach (var item in enumerator.OnFault(onFault).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <summary>
    /// Yields the rest of <paramref name="enumerator"/> (which stays the caller's to dispose), handing an exception thrown
    /// by <c>MoveNextAsync</c> to <paramref name="onFault"/> as <see cref="OnFault{T}(IAsyncEnumerable{T}, Func{Exception, Exception?}, CancellationToken)"/> does.
    /// </summary>
    public static async IAsyncEnumerable<T> OnFault<T>(this IAsyncEnumerator<T> enumerator, Func<Exception, Exception?> onFault)
    {
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (Exception ex)
            {
                var replacement = onFault(ex);
                if (replacement is null)
                {
                    throw;
                }

                throw replacement;
            }

            yield return enumerator.Current;
        }
    }
}
