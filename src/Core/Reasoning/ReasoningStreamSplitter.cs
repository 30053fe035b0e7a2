using System.Text;

namespace MidTrain.Core.Reasoning;

/// <summary>
/// Separates a streamed text into its leading reasoning trace and the answer, piece by piece, with the same result as
/// <see cref="ReasoningTags.Split"/> on the whole text for traces that open the text (tags split across pieces
/// included): text that may still turn out to be part of a tag, or whitespace that may still be trimmed, is held back
/// until the next piece decides it. One exception: a text that holds only the closing tag (the trace was opened in the
/// prompt) is recognised only with <see cref="ReasoningStart.Prompt"/> — <see cref="ReasoningStart.Detect"/> works as
/// <see cref="ReasoningStart.Tag"/> here — because the text before the tag has been streamed as answer by the time the
/// tag arrives. Not thread-safe: one instance per stream.
/// </summary>
public sealed class ReasoningStreamSplitter
{
    private readonly ReasoningTags _tags;
    private readonly StringBuilder _held = new();
    private State _state;
    private bool _traceStarted;
    private bool _traceEmitted;

    /// <summary>Creates a splitter for one stream.</summary>
    /// <param name="tags">The trace's tags.</param>
    /// <param name="start">Where the trace may begin; <see cref="ReasoningStart.Prompt"/>: the stream starts inside it.</param>
    public ReasoningStreamSplitter(ReasoningTags tags, ReasoningStart start = ReasoningStart.Detect)
    {
        _tags = tags ?? throw new ArgumentNullException(nameof(tags));
        _traceStarted = start == ReasoningStart.Prompt;
        _state = _traceStarted ? State.Trace : State.Start;
    }

    private enum State
    {
        Start,
        Trace,
        AfterTrace,
        Answer,
    }

    /// <summary>The status of the trace so far (<see cref="ReasoningTraceStatus.Unterminated"/> while inside it).</summary>
    public ReasoningTraceStatus Status => _state switch
    {
        State.Trace => ReasoningTraceStatus.Unterminated,
        State.AfterTrace => ReasoningTraceStatus.Closed,
        State.Answer => _traceStarted ? ReasoningTraceStatus.Closed : ReasoningTraceStatus.None,
        _ => ReasoningTraceStatus.None,
    };

    /// <summary>Feeds the next piece; returns the reasoning and answer text it releases (either may be empty).</summary>
    public (string Reasoning, string Answer) Push(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        _held.Append(piece);
        var reasoning = new StringBuilder();
        var answer = new StringBuilder();
        Advance(reasoning, answer, final: false);
        return (reasoning.ToString(), answer.ToString());
    }

    /// <summary>Ends the stream; returns what was held back.</summary>
    public (string Reasoning, string Answer) Complete()
    {
        var reasoning = new StringBuilder();
        var answer = new StringBuilder();
        Advance(reasoning, answer, final: true);
        return (reasoning.ToString(), answer.ToString());
    }

    private void Advance(StringBuilder reasoning, StringBuilder answer, bool final)
    {
        while (true)
        {
            switch (_state)
            {
                case State.Start:
                {
                    var text = _held.ToString();
                    var start = text.Length - text.AsSpan().TrimStart().Length;

                    var rest = text.AsSpan(start);
                    if (rest.StartsWith(_tags.Open, StringComparison.Ordinal))
                    {
                        _held.Remove(0, start + _tags.Open.Length);
                        _state = State.Trace;
                        _traceStarted = true;
                        continue;
                    }

                    if (!final && _tags.Open.AsSpan().StartsWith(rest))
                    {
                        return; // whitespace, or a prefix of the opening tag: undecided
                    }

                    answer.Append(text);
                    _held.Clear();
                    _state = State.Answer;
                    return;
                }

                case State.Trace:
                {
                    var text = _held.ToString();
                    var close = text.IndexOf(_tags.Close, StringComparison.Ordinal);
                    if (close >= 0)
                    {
                        EmitTrace(reasoning, text[..close].TrimEnd());
                        _held.Remove(0, close + _tags.Close.Length);
                        _state = State.AfterTrace;
                        continue;
                    }

                    if (final)
                    {
                        EmitTrace(reasoning, text.TrimEnd());
                        _held.Clear();
                        return;
                    }

                    // Keep what could begin the closing tag, and trailing whitespace (trimmed if the tag follows).
                    var keep = PartialSuffix(text, _tags.Close);
                    var release = text.Length - keep;
                    while (release > 0 && char.IsWhiteSpace(text[release - 1]))
                    {
                        release--;
                    }

                    EmitTrace(reasoning, text[..release]);
                    _held.Remove(0, release);
                    return;
                }

                case State.AfterTrace:
                {
                    var text = _held.ToString();
                    var start = text.Length - text.AsSpan().TrimStart().Length;

                    _held.Clear();
                    if (start < text.Length)
                    {
                        answer.Append(text, start, text.Length - start);
                        _state = State.Answer;
                    }

                    return;
                }

                default:
                    answer.Append(_held);
                    _held.Clear();
                    return;
            }
        }
    }

    private void EmitTrace(StringBuilder reasoning, string text)
    {
        if (!_traceEmitted)
        {
            // The trace's leading whitespace is trimmed, as by ReasoningTags.Split.
            text = text.TrimStart();
            _traceEmitted = text.Length > 0;
        }

        reasoning.Append(text);
    }

    /// <summary>The length of the longest suffix of <paramref name="text"/> that is a proper prefix of <paramref name="tag"/>.</summary>
    private static int PartialSuffix(string text, string tag)
    {
        for (var length = Math.Min(tag.Length - 1, text.Length); length > 0; length--)
        {
            if (text.AsSpan(text.Length - length).SequenceEqual(tag.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }
}
