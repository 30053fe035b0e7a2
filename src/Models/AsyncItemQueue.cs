using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace MidTrain.Models;

/// <summary>
/// A minimal unbounded single-consumer async queue used to turn callbacks into <see cref="IAsyncEnumerable{T}"/>
/// streams. Thread-safe for any number of producers and one consumer.
/// </summary>
internal sealed class AsyncItemQueue<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly SemaphoreSlim _available = new(0);
    private volatile bool _completed;

    public void Add(T item)
    {
        _items.Enqueue(item);
        _available.Release();
    }

    public void Complete()
    {
        _completed = true;
        _available.Release();
    }

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            while (_items.TryDequeue(out var item))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return item;
            }

            if (_completed && _items.IsEmpty)
            {
                yield break;
            }
        }
    }
}
