namespace MidTrain.Classifiers.Training;

/// <summary>One training example: an item's id, its text and the judge's score.</summary>
/// <param name="Item">The item id (document id, or sample id for passages).</param>
/// <param name="Text">The judged text.</param>
/// <param name="Label">The judge's score (the mean of a panel).</param>
public sealed record LabelledText(string Item, string Text, double Label);
