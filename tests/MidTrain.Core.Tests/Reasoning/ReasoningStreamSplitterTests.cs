using System.Text;
using MidTrain.Core.Reasoning;

namespace MidTrain.Core.Tests.Reasoning;

public sealed class ReasoningStreamSplitterTests
{
    public static TheoryData<string> Texts => new()
    {
        "<think>\nstep one {a}\nstep two\n</think>\n\n{\"answer\": 4}",
        "   <think>x</think>y",
        "<think>never closed  \n",
        "<think></think>",
        "no trace at all {\"a\": 1}",
        "  \n",
        "<thin but not a tag",
        "<think>a < b and c </thi nk> still</think>  answer  with  spaces ",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Push_AnyChunking_GivesWhatSplitGivesOnTheWholeText(string text)
    {
        var expected = ReasoningTags.Think.Split(text, ReasoningStart.Tag);
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var splitter = new ReasoningStreamSplitter(ReasoningTags.Think);
            var reasoning = new StringBuilder();
            var answer = new StringBuilder();
            var at = 0;
            while (at < text.Length)
            {
                var length = Math.Min(text.Length - at, random.Next(1, 6));
                var (r, a) = splitter.Push(text.Substring(at, length));
                reasoning.Append(r);
                answer.Append(a);
                at += length;
            }

            var (lastR, lastA) = splitter.Complete();
            reasoning.Append(lastR);
            answer.Append(lastA);

            answer.ToString().Should().Be(expected.Answer, $"chunking trial {trial}");
            reasoning.ToString().Should().Be(expected.Reasoning ?? string.Empty, $"chunking trial {trial}");
            splitter.Status.Should().Be(expected.Status);
        }
    }

    [Fact]
    public void Push_TraceThenAnswer_ReleasesReasoningBeforeTheCloseTagArrives()
    {
        var splitter = new ReasoningStreamSplitter(ReasoningTags.Think);

        splitter.Push("<think>first thought ").Should().Be(("first thought", ""));
        splitter.Status.Should().Be(ReasoningTraceStatus.Unterminated);
        splitter.Push("second</thi").Should().Be((" second", ""));
        splitter.Push("nk>\n\nAns").Should().Be(("", "Ans"));
        splitter.Push("wer").Should().Be(("", "wer"));
        splitter.Status.Should().Be(ReasoningTraceStatus.Closed);
    }

    [Fact]
    public void Push_PromptStart_StartsInsideTheTrace()
    {
        var splitter = new ReasoningStreamSplitter(ReasoningTags.Think, ReasoningStart.Prompt);

        splitter.Push("thinking</think>ok").Should().Be(("thinking", "ok"));
    }
}
