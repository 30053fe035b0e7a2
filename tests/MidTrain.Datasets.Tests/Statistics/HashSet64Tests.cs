using MidTrain.Datasets.Statistics;

namespace MidTrain.Datasets.Tests.Statistics;

public sealed class HashSet64Tests
{
    [Theory]
    [InlineData(0)] // values spread over the whole table
    [InlineData(1)] // few homes: long probe runs that wrap around the table's end, so deletions shift across it
    public void AddContainsRemove_RandomOperations_AgreeWithHashSet(int clustered)
    {
        var random = new Random(11 + clustered);
        var set = new HashSet64();
        var reference = new HashSet<ulong>();
        ulong Next()
        {
            var value = (ulong)random.NextInt64() << 1 ^ (ulong)random.Next(2);
            return random.Next(50) == 0 ? 0 // zero is a value too, though an empty slot holds 0
                : clustered == 1 ? (random.Next(2) == 0 ? ulong.MaxValue ^ (value & 0xFFFF) : (value & 0xFFFF) | 1) // homes at the table's last or first slot
                : value;
        }

        for (var step = 0; step < 100_000; step++)
        {
            var value = random.Next(4) == 0 && reference.Count > 0 ? reference.ElementAt(random.Next(Math.Min(reference.Count, 32))) : Next();
            switch (random.Next(3))
            {
                case 0:
                    set.Add(value).Should().Be(reference.Add(value), "Add({0}) at step {1}", value, step);
                    break;
                case 1:
                    set.Remove(value).Should().Be(reference.Remove(value), "Remove({0}) at step {1}", value, step);
                    break;
                default:
                    set.Contains(value).Should().Be(reference.Contains(value), "Contains({0}) at step {1}", value, step);
                    break;
            }

            set.Count.Should().Be(reference.Count);
        }

        foreach (var value in reference)
        {
            set.Contains(value).Should().BeTrue();
        }
    }
}
