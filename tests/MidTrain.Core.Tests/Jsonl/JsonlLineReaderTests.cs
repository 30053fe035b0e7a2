using System.Text;
using MidTrain.Core.Jsonl;

namespace MidTrain.Core.Tests.Jsonl;

public sealed class JsonlLineReaderTests
{
    private static List<(long Number, string Text, string? Error)> ReadAll(byte[] bytes, long max = 1 << 20)
    {
        using var reader = new JsonlLineReader(new MemoryStream(bytes), max);
        var lines = new List<(long, string, string?)>();
        while (reader.TryRead(out var line))
        {
            lines.Add((line.Number, Encoding.UTF8.GetString(line.Bytes.Span), line.Error));
        }

        return lines;
    }

    [Fact]
    public void TryRead_BomCrLfBlankLinesAndNoFinalNewline_YieldsNumberedLines()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"a\":1}\r\n\n  \n{\"b\":2}")).ToArray();
        ReadAll(bytes).Should().Equal((1L, "{\"a\":1}", (string?)null), (4L, "{\"b\":2}", (string?)null));
    }

    [Fact]
    public void TryRead_InvalidUtf8_ReportsErrorWithLineNumber()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":1}\n").Concat(new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'\n' }).ToArray();
        var lines = ReadAll(bytes);
        lines.Should().HaveCount(2);
        lines[1].Number.Should().Be(2);
        lines[1].Error.Should().StartWith("invalid UTF-8 at byte 1");
    }

    [Fact]
    public void TryRead_LineOverLimit_IsReportedAndSkippedWithoutStoppingTheStream()
    {
        var big = new string('x', 5000);
        var bytes = Encoding.UTF8.GetBytes($"{{\"a\":1}}\n\"{big}\"\n{{\"c\":3}}\n");
        var lines = ReadAll(bytes, max: 1000);
        lines.Select(l => l.Number).Should().Equal(1, 2, 3);
        lines[1].Error.Should().Contain("over the limit");
        lines[2].Text.Should().Be("{\"c\":3}");
    }

    [Fact]
    public void TryRead_LinesSpanningBufferBoundaries_AreReassembled()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 20000; i++)
        {
            sb.Append("{\"id\":\"").Append(i).Append("\",\"text\":\"").Append(new string('y', i % 300)).Append("\"}\n");
        }

        var lines = ReadAll(Encoding.UTF8.GetBytes(sb.ToString()));
        lines.Should().HaveCount(20000);
        lines[12345].Text.Should().StartWith("{\"id\":\"12345\"");
    }
}
