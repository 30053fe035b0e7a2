using MidTrain.Core.Hashing;
using MidTrain.Generators.Dedup;

namespace MidTrain.Generators.Tests.Dedup;

public sealed class MinHasherTests
{
    [Fact]
    public void Signature_MultiWordShingles_EqualsTheReferenceOverJoinedStrings()
    {
        var hasher = new MinHasher(permutations: 16, shingleWords: 3, seed: 7);
        string[] words = ["the", "bell", "rock", "lighthouse", "stands", "on", "a", "reef"];

        var signature = hasher.Signature(words);

        // Slow, obvious reference: hash each joined shingle string, keep the minimum of each permutation.
        var expected = new uint[16];
        Array.Fill(expected, uint.MaxValue);
        for (var i = 0; i + 3 <= words.Length; i++)
        {
            var shingle = ContentHash.Fnv1a64(string.Join('\u001f', words, i, 3));
            for (var p = 0; p < 16; p++)
            {
                var a = (ulong)SeedDerivation.Derive(7, $"a{p}") | 1UL;
                var b = (ulong)SeedDerivation.Derive(7, $"b{p}");
                expected[p] = Math.Min(expected[p], (uint)((a * shingle + b) >> 32));
            }
        }

        signature.Should().Equal(expected);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Estimate_SetsWithKnownJaccard_WithinThreeStandardErrors(double jaccard)
    {
        var hasher = new MinHasher(permutations: 256, shingleWords: 1, seed: 1);
        // |A ∩ B| = s, |A ∪ B| = 1000 → J = s / 1000.
        var shared = (int)(jaccard * 1000);
        var onlyA = (1000 - shared) / 2;
        var a = Enumerable.Range(0, shared + onlyA).Select(i => $"w{i}").ToArray();
        var b = Enumerable.Range(0, shared).Select(i => $"w{i}").Concat(Enumerable.Range(0, 1000 - shared - onlyA).Select(i => $"x{i}")).ToArray();

        var estimate = MinHasher.Estimate(hasher.Signature(a), hasher.Signature(b));

        var standardError = Math.Sqrt(jaccard * (1 - jaccard) / 256);
        estimate.Should().BeApproximately(jaccard, 3 * standardError);
    }
}
