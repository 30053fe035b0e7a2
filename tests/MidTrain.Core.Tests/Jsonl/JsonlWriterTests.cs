using MidTrain.Core.Jsonl;
using MidTrain.Tests;

namespace MidTrain.Core.Tests.Jsonl;

public sealed class JsonlWriterTests
{
    [Fact]
    public void Append_FileWithTornLastLine_TruncatesToLastCompleteLine()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "a.jsonl");
        File.WriteAllText(path, "{\"id\":1}\n{\"id\":2}\n{\"id\":");

        using (var writer = JsonlWriter.Append(path))
        {
            writer.Write(new { id = 3 });
        }

        File.ReadAllText(path).Should().Be("{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Append_FileWithoutAnyNewline_IsEmptied()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "a.jsonl");
        File.WriteAllText(path, "{\"id\":");
        using (JsonlWriter.Append(path))
        {
        }

        File.ReadAllText(path).Should().BeEmpty();
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Write_NonAscii_IsKeptReadable()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "a.jsonl");
        using (var writer = JsonlWriter.Create(path))
        {
            writer.Write(new { text = "café – «ok»" });
        }

        File.ReadAllText(path).Should().Be("{\"text\":\"café – «ok»\"}\n");
        Directory.Delete(dir, true);
    }
}
