namespace MidTrain.Datasets.Cards;

/// <summary>One split of one dataset configuration and the files holding it, as the card's <c>configs</c> lists them.</summary>
/// <param name="ConfigName">The configuration (<c>default</c>, <c>rejected</c>).</param>
/// <param name="Split">The split (<c>train</c>, <c>rejected</c>).</param>
/// <param name="Paths">The files, relative to the card.</param>
/// <param name="Rows">Rows in the files.</param>
public sealed record DataFileSet(string ConfigName, string Split, IReadOnlyList<string> Paths, long Rows);
