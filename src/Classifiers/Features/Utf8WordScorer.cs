using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace MidTrain.Classifiers.Features;

/// <summary>
/// The word n-gram sum of <see cref="HashedNgramFeaturizer"/>'s score computed from UTF-8 bytes without decoding them:
/// the same features added in the same order, so the same double as the UTF-16 path, bit for bit. ASCII stretches are
/// classified 64 bytes at a time into masks of where words start and end; the block's words are hashed first (each
/// from its own bounds, so several hash at once), eight bytes per read and without a branch on the length (an ASCII
/// byte is the UTF-16 code unit of the same value; OR-ing 0x20 lower-cases a letter and keeps a digit), then their
/// weights are added in order. A non-ASCII character is decoded and classified as the UTF-16 path does. Stateless
/// and thread-safe.
/// </summary>
internal static class Utf8WordScorer
{
    private const int BlockBytes = 64;

    // A word is read 8 bytes at a time, up to 7 bytes past its end.
    private const int BlockSlack = 8;

    private const ulong AsciiLowerBits = 0x2020202020202020UL;

    private const ulong P = NgramHash.FnvPrime;

    /// <summary>Longest word n-gram, as a type, so that each length gets its own compiled loop.</summary>
    private interface INgramLength
    {
        static abstract int Value { get; }
    }

    /// <summary>
    /// The sum of the weights of the word n-grams (1 to <paramref name="wordNgrams"/> words) of <paramref name="text"/>
    /// in bucket <c>NgramHash.Index(key, shift)</c>, and how many there are.
    /// </summary>
    public static (double Sum, int Count) Sum(ReadOnlySpan<byte> text, float[] weights, int wordNgrams, int shift) => wordNgrams switch
    {
        1 => Sum<Unigrams>(text, weights, shift),
        2 => Sum<Bigrams>(text, weights, shift),
        3 => Sum<Trigrams>(text, weights, shift),
        4 => Sum<Fourgrams>(text, weights, shift),
        _ => throw new ArgumentOutOfRangeException(nameof(wordNgrams), wordNgrams, "word n-grams of 1 to 4 words"),
    };

    private static (double Sum, int Count) Sum<TLength>(ReadOnlySpan<byte> text, float[] weights, int shift)
        where TLength : struct, INgramLength
    {
        ref var table = ref MemoryMarshal.GetArrayDataReference(weights);
        var state = new State { Hash = NgramHash.FnvOffset };
        var position = Read<TLength>(text, text.Length - (BlockBytes + BlockSlack - 1), ref state, ref table, shift);

        // The tail, zero-padded so that blocks and 8-byte reads stay inside the buffer; NUL is a word break, as the
        // end of the text is.
        Span<byte> tail = stackalloc byte[2 * (BlockBytes + BlockSlack)];
        tail.Clear();
        text[position..].CopyTo(tail);
        Read<TLength>(tail, text.Length - position, ref state, ref table, shift);
        if (state.InWord)
        {
            state.Sum = Add<TLength>(state.Sum, state.Hash, state.Previous1, state.Previous2, state.Previous3, state.Words, ref table, shift);
            state.Words++;
        }

        // Each word adds its unigram and, after enough words, one n-gram of each longer length.
        var count = 0;
        for (var n = 0; n < TLength.Value; n++)
        {
            count += Math.Max(0, state.Words - n);
        }

        return (state.Sum, count);
    }

    /// <summary>
    /// Reads the blocks of <paramref name="buffer"/> that start before <paramref name="end"/> (each has
    /// <see cref="BlockBytes"/> + <see cref="BlockSlack"/> bytes in the buffer) and the non-ASCII characters among
    /// them; returns where the next block would start.
    /// </summary>
    private static int Read<TLength>(ReadOnlySpan<byte> buffer, int end, ref State state, ref float table, int shift)
        where TLength : struct, INgramLength
    {
        var position = 0;
        while (position < end)
        {
            position = ReadAscii<TLength>(buffer, position, end, ref state, ref table, shift);
            if (position < buffer.Length && buffer[position] >= 0x80)
            {
                position = ReadNonAscii<TLength>(buffer, position, ref state, ref table, shift);
            }
        }

        return position;
    }

    /// <summary>
    /// Reads blocks from <paramref name="position"/> while they start before <paramref name="end"/> and are ASCII;
    /// returns the position of the first non-ASCII byte, or where the next block would start. Calls nothing, so
    /// that the JIT keeps the state in registers for the loop (it spills what lives across a call).
    /// </summary>
    private static int ReadAscii<TLength>(ReadOnlySpan<byte> buffer, int position, int end, ref State state, ref float table, int shift)
        where TLength : struct, INgramLength
    {
        var (sum, hash, inWord, previous1, previous2, previous3, words) = (state.Sum, state.Hash, state.InWord, state.Previous1, state.Previous2, state.Previous3, state.Words);
        ref var origin = ref MemoryMarshal.GetReference(buffer);
        Span<ulong> found = stackalloc ulong[(BlockBytes / 2) + 1];
        ref var hashes = ref MemoryMarshal.GetReference(found);
        while (position < end)
        {
            ref var block = ref Unsafe.Add(ref origin, position);
            var letters = LetterMask(ref block, out var nonAscii);
            var ascii = BitOperations.TrailingZeroCount(nonAscii); // 64 when the block is all ASCII
            if (ascii < BlockBytes)
            {
                letters &= (1UL << ascii) - 1;
            }

            // First the block's words are hashed (their bounds come from their own two bits, so they hash in
            // parallel), then their weights are added in order: the lookups do not wait behind the hashing.
            var last = letters & ~(letters >> 1);
            var first = letters & ~((letters << 1) | (inWord ? 1UL : 0UL));
            var count = 0;
            if (inWord)
            {
                var ended = ascii > 0;
                if ((letters & 1) != 0)
                {
                    // The word carried from the previous block goes on here.
                    var carriedEnd = BitOperations.TrailingZeroCount(last);
                    hash = Hash(ref block, carriedEnd + 1, hash);
                    last &= last - 1;
                    ended = carriedEnd + 1 < ascii;
                }

                if (ended)
                {
                    Unsafe.Add(ref hashes, count++) = hash;
                    inWord = false;
                }
            }

            while (first != 0)
            {
                var wordStart = BitOperations.TrailingZeroCount(first);
                var wordEnd = BitOperations.TrailingZeroCount(last);
                var word = Hash(ref Unsafe.Add(ref block, wordStart), wordEnd - wordStart + 1, NgramHash.FnvOffset);
                if (wordEnd + 1 == ascii)
                {
                    // The word reaches the end of what this block reads: it may go on.
                    hash = word;
                    inWord = true;
                    break;
                }

                Unsafe.Add(ref hashes, count++) = word;
                first &= first - 1;
                last &= last - 1;
            }

            for (var i = 0; i < count; i++)
            {
                var word = Unsafe.Add(ref hashes, i);
                sum = Add<TLength>(sum, word, previous1, previous2, previous3, words, ref table, shift);
                (previous3, previous2, previous1, words) = (previous2, previous1, word, words + 1);
            }

            if (ascii < BlockBytes)
            {
                position += ascii;
                break;
            }

            position += BlockBytes;
        }

        (state.Sum, state.Hash, state.InWord, state.Previous1, state.Previous2, state.Previous3, state.Words) = (sum, inWord ? hash : NgramHash.FnvOffset, inWord, previous1, previous2, previous3, words);
        return position;
    }

    /// <summary>
    /// The non-ASCII characters from <paramref name="position"/> up to the next ASCII byte, decoded and classified as
    /// the UTF-16 path does; returns the position of that byte. A buffer holds whole UTF-8 sequences (the tail is
    /// padded with NULs), so decoding never runs past it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadNonAscii<TLength>(ReadOnlySpan<byte> buffer, int position, ref State state, ref float table, int shift)
        where TLength : struct, INgramLength
    {
        while (position < buffer.Length && buffer[position] >= 0x80)
        {
            Rune.DecodeFromUtf8(buffer[position..], out var rune, out var consumed);
            position += consumed;
            // A supplementary character is two surrogates in UTF-16, neither a letter nor a digit: a word break. So
            // is U+FFFD, what an invalid sequence decodes to.
            if (rune.IsBmp && char.IsLetterOrDigit((char)rune.Value))
            {
                state.Hash = NgramHash.Fnv(state.Hash, char.ToLowerInvariant((char)rune.Value));
                state.InWord = true;
            }
            else if (state.InWord)
            {
                state.Sum = Add<TLength>(state.Sum, state.Hash, state.Previous1, state.Previous2, state.Previous3, state.Words, ref table, shift);
                (state.Previous3, state.Previous2, state.Previous1, state.Words) = (state.Previous2, state.Previous1, state.Hash, state.Words + 1);
                state.InWord = false;
                state.Hash = NgramHash.FnvOffset;
            }
        }

        return position;
    }

    /// <summary>
    /// <paramref name="sum"/> plus the weights of a word's unigram and of the n-grams it ends, added in the order the
    /// UTF-16 path adds them. Values in, value out (no refs), so that the caller's locals stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Add<TLength>(double sum, ulong word, ulong previous1, ulong previous2, ulong previous3, int words, ref float table, int shift)
        where TLength : struct, INgramLength
    {
        sum += Unsafe.Add(ref table, NgramHash.Index(word ^ NgramHash.UnigramSeed, shift));
        if (TLength.Value >= 2 && words >= 1)
        {
            var pair = NgramHash.Combine(previous1, word);
            sum += Unsafe.Add(ref table, NgramHash.Index(pair ^ NgramHash.BigramSeed, shift));
            if (TLength.Value >= 3 && words >= 2)
            {
                var triple = NgramHash.Combine(previous2, pair);
                sum += Unsafe.Add(ref table, NgramHash.Index(triple ^ NgramHash.TrigramSeed, shift));
                if (TLength.Value >= 4 && words >= 3)
                {
                    sum += Unsafe.Add(ref table, NgramHash.Index(NgramHash.Combine(previous3, triple) ^ NgramHash.FourgramSeed, shift));
                }
            }
        }

        return sum;
    }

    /// <summary>
    /// FNV-1a of the <paramref name="length"/> (≥ 1) lower-cased ASCII letters and digits at <paramref name="run"/>,
    /// continuing from <paramref name="hash"/>. The last one to eight bytes take eight steps whatever their number: a
    /// step past the end XORs 0 and multiplies by 1 (the multiplier is read from a table by length, off the hash's
    /// dependency chain), so words of varying length do not each cost a mispredicted branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ref byte run, int length, ulong hash)
    {
        while (length > 8)
        {
            var eight = ReadEight(ref run) | AsciiLowerBits;
            hash = NgramHash.Fnv(hash, (byte)eight);
            hash = NgramHash.Fnv(hash, (byte)(eight >> 8));
            hash = NgramHash.Fnv(hash, (byte)(eight >> 16));
            hash = NgramHash.Fnv(hash, (byte)(eight >> 24));
            hash = NgramHash.Fnv(hash, (byte)(eight >> 32));
            hash = NgramHash.Fnv(hash, (byte)(eight >> 40));
            hash = NgramHash.Fnv(hash, (byte)(eight >> 48));
            hash = NgramHash.Fnv(hash, (byte)(eight >> 56));
            run = ref Unsafe.Add(ref run, 8);
            length -= 8;
        }

        // Only the run's bytes; the rest read as 0 and multiply by 1.
        var rest = (ReadEight(ref run) | AsciiLowerBits) & (ulong.MaxValue >> (64 - (8 * length)));
        ref var multipliers = ref Unsafe.Add(ref MemoryMarshal.GetReference(Multipliers), 8 * length);
        hash = NgramHash.Fnv(hash, (byte)rest);
        hash = (hash ^ (byte)(rest >> 8)) * Unsafe.Add(ref multipliers, 1);
        hash = (hash ^ (byte)(rest >> 16)) * Unsafe.Add(ref multipliers, 2);
        hash = (hash ^ (byte)(rest >> 24)) * Unsafe.Add(ref multipliers, 3);
        hash = (hash ^ (byte)(rest >> 32)) * Unsafe.Add(ref multipliers, 4);
        hash = (hash ^ (byte)(rest >> 40)) * Unsafe.Add(ref multipliers, 5);
        hash = (hash ^ (byte)(rest >> 48)) * Unsafe.Add(ref multipliers, 6);
        return (hash ^ (byte)(rest >> 56)) * Unsafe.Add(ref multipliers, 7);
    }

    // Row L (1 to 8): FNV's prime for the first L steps of a partial read, then 1.
    private static ReadOnlySpan<ulong> Multipliers =>
    [
        1, 1, 1, 1, 1, 1, 1, 1,
        P, 1, 1, 1, 1, 1, 1, 1,
        P, P, 1, 1, 1, 1, 1, 1,
        P, P, P, 1, 1, 1, 1, 1,
        P, P, P, P, 1, 1, 1, 1,
        P, P, P, P, P, 1, 1, 1,
        P, P, P, P, P, P, 1, 1,
        P, P, P, P, P, P, P, 1,
        P, P, P, P, P, P, P, P,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadEight(ref byte source)
    {
        var value = Unsafe.ReadUnaligned<ulong>(ref source);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    /// <summary>Bit i set: byte i of the block is an ASCII letter or digit; in <paramref name="nonAscii"/>: byte i is ≥ 0x80.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LetterMask(ref byte block, out ulong nonAscii)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var bytes = Vector512.LoadUnsafe(ref block);
            var digit = Vector512.LessThan(bytes - Vector512.Create((byte)'0'), Vector512.Create((byte)10));
            var letter = Vector512.LessThan((bytes | Vector512.Create((byte)0x20)) - Vector512.Create((byte)'a'), Vector512.Create((byte)26));
            nonAscii = bytes.ExtractMostSignificantBits();
            return (digit | letter).ExtractMostSignificantBits();
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var low = LetterMask(Vector256.LoadUnsafe(ref block), out var nonAsciiLow);
            var high = LetterMask(Vector256.LoadUnsafe(ref block, 32), out var nonAsciiHigh);
            nonAscii = nonAsciiLow | ((ulong)nonAsciiHigh << 32);
            return low | ((ulong)high << 32);
        }

        ulong letters = 0;
        nonAscii = 0;
        for (var offset = 0; offset < BlockBytes; offset += 16)
        {
            var bytes = Vector128.LoadUnsafe(ref block, (nuint)offset);
            var digit = Vector128.LessThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
            var letter = Vector128.LessThan((bytes | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)26));
            nonAscii |= (ulong)bytes.ExtractMostSignificantBits() << offset;
            letters |= (ulong)(digit | letter).ExtractMostSignificantBits() << offset;
        }

        return letters;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LetterMask(Vector256<byte> bytes, out uint nonAscii)
    {
        var digit = Vector256.LessThan(bytes - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
        var letter = Vector256.LessThan((bytes | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)26));
        nonAscii = bytes.ExtractMostSignificantBits();
        return (digit | letter).ExtractMostSignificantBits();
    }

    /// <summary>The loop's state between <see cref="ReadAscii{TLength}"/> and <see cref="ReadNonAscii{TLength}"/>.</summary>
    private struct State
    {
        public double Sum;
        public ulong Hash;
        public bool InWord;
        public ulong Previous1;
        public ulong Previous2;
        public ulong Previous3;
        public int Words;
    }

    private struct Unigrams : INgramLength
    {
        public static int Value => 1;
    }

    private struct Bigrams : INgramLength
    {
        public static int Value => 2;
    }

    private struct Trigrams : INgramLength
    {
        public static int Value => 3;
    }

    private struct Fourgrams : INgramLength
    {
        public static int Value => 4;
    }
}
