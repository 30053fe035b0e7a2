using System.Text.Json.Serialization;

namespace MidTrain.Classifiers.Training;

/// <summary>One training epoch: its number and the validation RMSE after it.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="ValidationRmse">RMSE on the validation items after the epoch.</param>
public sealed record EpochRecord(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("validation_rmse")] double ValidationRmse);
