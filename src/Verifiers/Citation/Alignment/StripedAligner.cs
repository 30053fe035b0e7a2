using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>
/// SIMD affine-gap local alignment of one query against any number of targets: Farrar's striped Smith-Waterman with
/// Gotoh's gap states and the "lazy F" correction loop, over <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or
/// <see cref="Vector128{T}"/> chosen at run time. Scores run in saturating unsigned 8-bit lanes first (64 cells per
/// AVX-512 instruction); when the best score gets close to the 8-bit limit the target is re-aligned in 16-bit lanes,
/// and past that with the scalar 32-bit kernel, so results always equal <see cref="GotohAligner.Score"/>.
/// </summary>
/// <remarks>
/// The query profile is built once per query (its alphabet is the query's distinct characters plus one code for every
/// other character), so one instance serves many targets. Not thread-safe: it reuses its work buffers; use one
/// instance per thread.
/// </remarks>
public sealed class StripedAligner
{
    private readonly string _query;
    private readonly AlignmentScoring _scoring;
    private readonly byte[] _asciiCodes = new byte[128];
    private readonly Dictionary<char, int> _otherCodes = [];
    private readonly int[] _queryCodes;
    private readonly int _alphabet;
    private readonly int _bias;
    private ushort[] _targetCodes = [];
    private object? _profile8;
    private object? _profile16;
    private bool _eightBitOverflowed;

    /// <summary>Builds the aligner for <paramref name="query"/>.</summary>
    /// <param name="query">The query (e.g. a normalised quote).</param>
    /// <param name="scoring">The scoring scheme.</param>
    /// <param name="width">The kernel to use; <see cref="VectorWidth.Auto"/> picks <see cref="BestWidth"/>. A width the
    /// CPU does not accelerate falls back to <see cref="BestWidth"/>.</param>
    public StripedAligner(ReadOnlySpan<char> query, AlignmentScoring scoring, VectorWidth width = VectorWidth.Auto)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        _query = query.ToString();
        _scoring = scoring;
        _bias = -scoring.Mismatch;
        Width = width == VectorWidth.Auto || !IsAccelerated(width) ? BestWidth : width;
        _queryCodes = new int[query.Length];
        var next = 1;
        for (var i = 0; i < query.Length; i++)
        {
            var c = query[i];
            var code = CodeOf(c);
            if (code == 0)
            {
                code = next++;
                if (c < 128)
                {
                    _asciiCodes[c] = (byte)code;
                }
                else
                {
                    _otherCodes[c] = code;
                }
            }

            _queryCodes[i] = code;
        }

        _alphabet = next;
    }

    /// <summary>The widest kernel this CPU accelerates.</summary>
    public static VectorWidth BestWidth { get; } =
        IsAccelerated(VectorWidth.V512) ? VectorWidth.V512
        : IsAccelerated(VectorWidth.V256) ? VectorWidth.V256
        : IsAccelerated(VectorWidth.V128) ? VectorWidth.V128
        : VectorWidth.Scalar;

    /// <summary>The kernel this instance runs.</summary>
    public VectorWidth Width { get; }

    /// <summary>Lane width in bits (8, 16 or 32 for scalar) of the last <see cref="Align"/> call's final pass.</summary>
    public int LastLaneBits { get; private set; }

    /// <summary>Whether the CPU accelerates <paramref name="width"/>.</summary>
    public static bool IsAccelerated(VectorWidth width) => width switch
    {
        VectorWidth.Scalar => true,
        VectorWidth.V128 => Vector128.IsHardwareAccelerated,
        VectorWidth.V256 => Vector256.IsHardwareAccelerated && Avx2.IsSupported,
        VectorWidth.V512 => Vector512.IsHardwareAccelerated && Avx512BW.IsSupported,
        _ => false,
    };

    /// <summary>The optimal local alignment score of the query against <paramref name="target"/> and its end.</summary>
    public LocalScore Align(ReadOnlySpan<char> target)
    {
        if (_query.Length == 0 || target.Length == 0)
        {
            LastLaneBits = 0;
            return default;
        }

        if (Width == VectorWidth.Scalar)
        {
            LastLaneBits = 32;
            return GotohAligner.Score(_query, target, _scoring);
        }

        if (_targetCodes.Length < target.Length)
        {
            _targetCodes = new ushort[System.Math.Max(target.Length, _targetCodes.Length * 2)];
        }

        var codes = _targetCodes.AsSpan(0, target.Length);
        for (var j = 0; j < target.Length; j++)
        {
            codes[j] = (ushort)CodeOf(target[j]);
        }

        // 8-bit lanes hold scores up to 255 - bias - match exactly; anything higher may have saturated. After one
        // overflow this query is expected to score high again, so later targets go straight to 16-bit lanes.
        if (_bias + _scoring.Match < 255 && !_eightBitOverflowed)
        {
            var result = RunAtWidth<byte>(ref _profile8, codes);
            if (result.HasValue)
            {
                LastLaneBits = 8;
                return result.Value;
            }

            _eightBitOverflowed = true;
        }

        var wide = RunAtWidth<ushort>(ref _profile16, codes);
        if (wide.HasValue)
        {
            LastLaneBits = 16;
            return wide.Value;
        }

        LastLaneBits = 32;
        return GotohAligner.Score(_query, target, _scoring);
    }

    private int CodeOf(char c) => c < 128 ? _asciiCodes[c] : _otherCodes.GetValueOrDefault(c);

    /// <summary>
    /// The striped profile: for each code, <c>segments</c> vectors; lane k of vector s scores query position
    /// k · segments + s. Values are score + bias, so mismatches (and padding past the query's end) are zero.
    /// </summary>
    private TV[] BuildProfile<TL, TV>(out int segments)
        where TL : struct, IStripedLanes<TV>
        where TV : struct
    {
        var lanes = TL.Count;
        segments = (_query.Length + lanes - 1) / lanes;
        var profile = new TV[_alphabet * segments];
        Span<int> values = stackalloc int[lanes];
        for (var code = 0; code < _alphabet; code++)
        {
            for (var s = 0; s < segments; s++)
            {
                for (var k = 0; k < lanes; k++)
                {
                    var i = (k * segments) + s;
                    values[k] = i < _query.Length && code != 0 && _queryCodes[i] == code ? _scoring.Match + _bias : 0;
                }

                profile[(code * segments) + s] = TL.Create(values);
            }
        }

        return profile;
    }

    /// <summary>Runs the kernel of this instance's width in <typeparamref name="T"/> lanes (see <see cref="Run{TL, TV}"/>).</summary>
    private LocalScore? RunAtWidth<T>(ref object? cache, ReadOnlySpan<ushort> codes)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>, IMinMaxValue<T> => Width switch
    {
        VectorWidth.V512 => Run<Lanes512<T>, Vector512<T>>(ref cache, codes),
        VectorWidth.V256 => Run<Lanes256<T>, Vector256<T>>(ref cache, codes),
        _ => Run<Lanes128<T>, Vector128<T>>(ref cache, codes),
    };

    /// <summary>Runs the kernel; null when the score came close enough to the lane limit that it may have saturated.</summary>
    private LocalScore? Run<TL, TV>(ref object? cache, ReadOnlySpan<ushort> codes)
        where TL : struct, IStripedLanes<TV>
        where TV : struct
    {
        var profile = cache as TV[] ?? BuildProfile<TL, TV>(out _);
        cache = profile;
        var segments = profile.Length / _alphabet;
        var limit = TL.MaxValue - _bias - _scoring.Match;
        return Kernel<TL, TV>(profile, segments, codes, _bias, _scoring.GapOpen, _scoring.GapExtend, limit);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LocalScore? Kernel<TL, TV>(TV[] profile, int segments, ReadOnlySpan<ushort> codes, int bias, int gapOpen, int gapExtend, int limit)
        where TL : struct, IStripedLanes<TV>
        where TV : struct
    {
        // Bounds-check-free refs: every index below is < segments by construction, and profile rows are
        // code * segments .. + segments with code < alphabet (codes come from this profile's own mapping).
        var hStore = new TV[segments];
        var hLoad = new TV[segments];
        var eArray = new TV[segments];
        ref var profileBase = ref MemoryMarshal.GetArrayDataReference(profile);
        ref var e = ref MemoryMarshal.GetArrayDataReference(eArray);
        var vBias = TL.Splat(bias);
        var vOpen = TL.Splat(gapOpen);
        var vExtend = TL.Splat(gapExtend);
        var zero = TL.Splat(0);
        var vBest = zero;
        int best = 0, bestEnd = 0;

        for (var j = 0; j < codes.Length; j++)
        {
            ref var row = ref Unsafe.Add(ref profileBase, codes[j] * segments);

            // Diagonal input of segment 0: the previous column's last segment, moved up one lane.
            var vH = TL.ShiftUp(hStore[segments - 1]);
            (hStore, hLoad) = (hLoad, hStore);
            ref var h = ref MemoryMarshal.GetArrayDataReference(hStore);
            ref var previous = ref MemoryMarshal.GetArrayDataReference(hLoad);
            var vF = zero;
            var vColumnMax = zero;
            for (var s = 0; s < segments; s++)
            {
                vH = TL.SubtractSaturate(TL.AddSaturate(vH, Unsafe.Add(ref row, s)), vBias);
                ref var eSlot = ref Unsafe.Add(ref e, s);
                var vE = eSlot;
                vH = TL.Max(TL.Max(vH, vE), vF);
                vColumnMax = TL.Max(vColumnMax, vH);
                Unsafe.Add(ref h, s) = vH;
                var vOpened = TL.SubtractSaturate(vH, vOpen);
                eSlot = TL.Max(TL.SubtractSaturate(vE, vExtend), vOpened);
                vF = TL.Max(TL.SubtractSaturate(vF, vExtend), vOpened);
                vH = Unsafe.Add(ref previous, s);
            }

            // Lazy F: carry vertical gaps across lane boundaries until they can no longer raise any H.
            vF = TL.ShiftUp(vF);
            var k = 0;
            while (TL.AnyGreater(vF, TL.SubtractSaturate(Unsafe.Add(ref h, k), vOpen)))
            {
                ref var hSlot = ref Unsafe.Add(ref h, k);
                var vUpdated = TL.Max(hSlot, vF);
                hSlot = vUpdated;
                vColumnMax = TL.Max(vColumnMax, vUpdated);
                ref var eSlot = ref Unsafe.Add(ref e, k);
                eSlot = TL.Max(eSlot, TL.SubtractSaturate(vUpdated, vOpen));
                vF = TL.SubtractSaturate(vF, vExtend);
                if (++k == segments)
                {
                    k = 0;
                    vF = TL.ShiftUp(vF);
                }
            }

            if (TL.AnyGreater(vColumnMax, vBest))
            {
                best = TL.HorizontalMax(vColumnMax);
                if (best > limit)
                {
                    return null;
                }

                vBest = TL.Splat(best);
                bestEnd = j + 1;
            }
        }

        return new LocalScore(best, bestEnd);
    }
}
