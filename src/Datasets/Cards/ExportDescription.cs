namespace MidTrain.Datasets.Cards;

/// <summary>What an export did, for the exported dataset's card.</summary>
/// <param name="Format"><c>hf</c>, <c>messages</c> or <c>preference</c>.</param>
/// <param name="Arguments">The export's options as command-line arguments (filters, shard size…), for the reproduce section.</param>
/// <param name="Notes">Sentences the card adds under Export (how pairs were made, what was filtered out).</param>
public sealed record ExportDescription(string Format, IReadOnlyList<string> Arguments, IReadOnlyList<string> Notes);
