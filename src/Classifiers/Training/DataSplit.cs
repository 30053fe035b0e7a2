using MidTrain.Core.Hashing;

namespace MidTrain.Classifiers.Training;

/// <summary>The deterministic train/validation/test assignment of an item: a function of (seed, item id) only.</summary>
internal static class DataSplit
{
    public const int Train = 0;
    public const int Validation = 1;
    public const int Test = 2;

    public static int Of(long seed, string item, double testFraction, double validationFraction)
    {
        var u = SeedDerivation.Derive(seed ^ 0x5EED5EED, item) / (double)long.MaxValue;
        return u < testFraction ? Test : u < testFraction + validationFraction ? Validation : Train;
    }
}
