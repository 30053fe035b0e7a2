using System.Text;
using MidTrain.Judges.Agreement;
using MidTrain.Tests;

namespace MidTrain.Judges.Tests.Agreement;

public sealed class LabelFileTests
{
    [Fact]
    public void Read_MixedGoodAndBadLines_ReportsBadLinesWithFileAndLineAndKeepsGoing()
    {
        var contents = Read(
            """{"item":"q1","rater":"judge","label":4}""",
            """{"item":"q1","rater":"human","label":5}""",
            """not json""",
            """{"item":"q2","rater":"judge"}""",
            """{"rater":"judge","label":3}""",
            """{"item":"q2","rater":"judge","label":[1]}""",
            """{"item":"q1","rater":"judge","label":2}""",
            """[1,2]""",
            """{"item":"q2","rater":"human","label":null}""",
            """{"item":"q2","rater":"judge","label":3,"extra":{"nested":[1,2]}}""");

        contents.Lines.Should().Be(10);
        contents.BadLineCount.Should().Be(6);
        contents.MissingLabels.Should().Be(1);
        contents.BadLines.Should().HaveCount(6);
        contents.BadLines[0].Should().StartWith("labels.jsonl:3: invalid JSON");
        contents.BadLines[1].Should().Be("labels.jsonl:4: missing field 'label' (write \"label\": null for a missing label)");
        contents.BadLines[2].Should().Be("labels.jsonl:5: missing field 'item'");
        contents.BadLines[3].Should().Be("labels.jsonl:6: 'label' must be a number, a string or null");
        contents.BadLines[4].Should().Be("labels.jsonl:7: duplicate label for item 'q1' by rater 'judge'; the first one is kept");
        contents.BadLines[5].Should().Be("labels.jsonl:8: not a JSON object");
        contents.Matrix.LabelCount.Should().Be(3);
        contents.Matrix.CodeOf(0, 1).Should().Be(contents.Matrix.Categories.ToList().IndexOf("4"), "the first label of a duplicate wins");
    }

    [Fact]
    public void Read_NonObjectLine_IsReportedNotThrown()
    {
        var contents = Read("""[1,2]""", "42", """{"item":"a","rater":"r","label":1} trailing""");

        contents.BadLineCount.Should().Be(3);
        contents.BadLines[0].Should().Be("labels.jsonl:1: not a JSON object");
        contents.BadLines[1].Should().Be("labels.jsonl:2: not a JSON object");
        contents.BadLines[2].Should().StartWith("labels.jsonl:3: ");
    }

    [Fact]
    public void Read_StringAndNumberLabels_AreOneCategoricalScale()
    {
        var contents = Read(
            """{"item":"a","rater":"r1","label":"yes"}""",
            """{"item":"a","rater":"r2","label":1}""",
            """{"item":"b","rater":"r1","label":true}""",
            """{"item":7,"rater":"r2","label":"1"}""");

        contents.BadLineCount.Should().Be(0);
        var matrix = contents.Matrix;
        matrix.IsNumeric.Should().BeFalse();
        matrix.Categories.Should().Equal("1", "true", "yes");
        matrix.Items.Should().Equal("7", "a", "b");
        matrix.CategoryValues.Should().BeNull();
    }

    [Fact]
    public void Read_NumericLabels_CategoriesOrderedByValue()
    {
        var contents = Read(
            """{"item":"a","rater":"r1","label":10}""",
            """{"item":"a","rater":"r2","label":2.5}""",
            """{"item":"b","rater":"r1","label":-1}""",
            """{"item":"b","rater":"r2","label":2.50}""");

        contents.Matrix.IsNumeric.Should().BeTrue();
        contents.Matrix.Categories.Should().Equal("-1", "2.5", "10");
        contents.Matrix.CategoryValues.Should().Equal(-1, 2.5, 10);
        contents.Matrix.LabelCount.Should().Be(4);
    }

    [Fact]
    public void Read_ManyBadLines_CountsAllButKeepsOnlyTheFirstMessages()
    {
        var contents = Read(3, Enumerable.Repeat("{", 10).ToArray());

        contents.BadLineCount.Should().Be(10);
        contents.BadLines.Should().HaveCount(3);
    }

    [Fact]
    public void Read_FileOnDisk_NamesThePathInMessages()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "l.jsonl");
            File.WriteAllText(path, "{\"item\":\"a\",\"rater\":\"r\",\"label\":1}\r\n\r\nnope\n");

            var contents = LabelFile.Read(path);

            contents.Lines.Should().Be(2);
            contents.BadLines.Should().ContainSingle().Which.Should().StartWith($"{path}:3: invalid JSON at byte 1: ").And.NotContain("LineNumber");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static LabelFileContents Read(params string[] lines) => Read(1000, lines);

    private static LabelFileContents Read(int keep, params string[] lines)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return LabelFile.Read(stream, "labels.jsonl", keep);
    }
}
