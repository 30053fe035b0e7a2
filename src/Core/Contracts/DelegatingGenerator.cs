using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>Base class for generator middleware: forwards every call to an inner generator. Thread-safe when the inner generator is.</summary>
public abstract class DelegatingGenerator : IGenerator
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    protected DelegatingGenerator(IGenerator inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The wrapped generator.</summary>
    protected IGenerator Inner { get; }

    /// <inheritdoc />
    public virtual string Name => Inner.Name;

    /// <inheritdoc />
    public virtual IAsyncEnumerable<Sample> GenerateAsync(Passage passage, long seed, CancellationToken cancellationToken = default) =>
        Inner.GenerateAsync(passage, seed, cancellationToken);
}
