using MidTrain.Core.Components;

namespace MidTrain.Core.Tests.Components;

public sealed class ComponentLifetimeTests
{
    private sealed class Both : IAsyncDisposable, IDisposable
    {
        public int Async { get; private set; }

        public int Sync { get; private set; }

        public ValueTask DisposeAsync()
        {
            Async++;
            return ValueTask.CompletedTask;
        }

        public void Dispose() => Sync++;
    }

    private sealed class SyncOnly : IDisposable
    {
        public int Sync { get; private set; }

        public void Dispose() => Sync++;
    }

    [Fact]
    public async Task DisposeAsync_AsyncDisposable_DisposedAsynchronouslyOnly()
    {
        var component = new Both();

        await ComponentLifetime.DisposeAsync(component);

        (component.Async, component.Sync).Should().Be((1, 0));
    }

    [Fact]
    public async Task DisposeAsync_SyncDisposable_Disposed()
    {
        var component = new SyncOnly();

        await ComponentLifetime.DisposeAsync(component);

        component.Sync.Should().Be(1);
    }

    [Fact]
    public async Task DisposeAsync_NotDisposableOrNull_NothingHappens()
    {
        await FluentActions.Awaiting(() => ComponentLifetime.DisposeAsync(new object()).AsTask()).Should().NotThrowAsync();
        await FluentActions.Awaiting(() => ComponentLifetime.DisposeAsync(null).AsTask()).Should().NotThrowAsync();
    }
}
