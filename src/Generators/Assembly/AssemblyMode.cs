namespace MidTrain.Generators.Assembly;

/// <summary>How an assembler chooses the documents of a context (within a partition, see <see cref="ContextAssemblerOptions.Key"/>).</summary>
public enum AssemblyMode
{
    /// <summary>In arrival order: consecutive documents fill a context.</summary>
    Sequential,

    /// <summary>Topically related: the oldest held document and those most similar to it (MinHash over words).</summary>
    Similar,

    /// <summary>The oldest held document and others drawn at random from the window (unrelated distractors).</summary>
    Random,
}
