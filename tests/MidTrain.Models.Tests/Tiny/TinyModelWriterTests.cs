using MidTrain.Models.Gguf;
using MidTrain.Models.Tiny;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Tiny;

public sealed class TinyModelWriterTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("tiny-writer");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_DefaultOptions_ReadsBackWithRequiredKeysAndAlignedTensors()
    {
        var path = Path.Combine(_dir, "t.gguf");
        TinyModelWriter.Write(path, new TinyModelOptions());

        var file = GgufFile.Read(path);
        file.Version.Should().Be(3u);
        file.Alignment.Should().Be(32);
        file.DataOffset.Should().Be(file.DataOffset / 32 * 32);
        file.Metadata["general.architecture"].Should().Be("llama");
        file.Metadata.Should().ContainKeys("llama.context_length", "llama.attention.layer_norm_rms_epsilon", "tokenizer.ggml.model", "tokenizer.chat_template");
        file.Metadata["tokenizer.ggml.add_space_prefix"].Should().Be(false);
        ((string)file.Metadata["tokenizer.chat_template"]).Should().Contain("<|im_start|>");
        var tokens = (object[])file.Metadata["tokenizer.ggml.tokens"];
        tokens.Should().HaveCount(512);
        tokens.Should().Contain("<0x00>").And.Contain("<0xFF>").And.Contain("<|im_end|>");
        file.Quantization.Should().Be("F32");

        // Offsets: aligned, in order, non-overlapping, and the last tensor ends inside the file.
        ulong expected = 0;
        foreach (var tensor in file.Tensors)
        {
            tensor.Offset.Should().Be(expected, tensor.Name);
            (tensor.Offset % 32).Should().Be(0);
            var bytes = tensor.ElementCount * (tensor.GgmlType == 1 ? 2UL : 4UL);
            expected = (tensor.Offset + bytes + 31) / 32 * 32;
        }

        new FileInfo(path).Length.Should().Be(file.DataOffset + (long)expected);
        file.Tensors.Select(t => t.Name).Should().Contain(["token_embd.weight", "output.weight", "output_norm.weight", "blk.1.ffn_down.weight"]);
        new FileInfo(path).Length.Should().BeLessThan(1_000_000, "the tiny model is a few hundred KB");
    }

    [Fact]
    public void Write_SameSeed_ByteIdentical_DifferentSeed_Differs()
    {
        string a = Path.Combine(_dir, "a.gguf"), b = Path.Combine(_dir, "b.gguf"), c = Path.Combine(_dir, "c.gguf");
        TinyModelWriter.Write(a, new TinyModelOptions { Seed = 7 });
        TinyModelWriter.Write(b, new TinyModelOptions { Seed = 7 });
        TinyModelWriter.Write(c, new TinyModelOptions { Seed = 8 });
        File.ReadAllBytes(a).Should().Equal(File.ReadAllBytes(b));
        File.ReadAllBytes(a).Should().NotEqual(File.ReadAllBytes(c));
    }

    [Fact]
    public void Write_HalfPrecision_TensorTypesAreF16AndFileTypeSaysSo()
    {
        var path = Path.Combine(_dir, "h.gguf");
        TinyModelWriter.Write(path, new TinyModelOptions { Half = true });
        var file = GgufFile.Read(path);
        file.Quantization.Should().Be("F16");
        file.Tensors.Single(t => t.Name == "blk.0.attn_q.weight").GgmlType.Should().Be(1u);
        file.Tensors.Single(t => t.Name == "blk.0.attn_norm.weight").GgmlType.Should().Be(0u);
    }

    [Fact]
    public void ParameterCount_Bench25M_IsAbout25Million()
    {
        TinyModelWriter.ParameterCount(TinyModelOptions.Bench25M()).Should().BeInRange(23_000_000, 28_000_000);
    }

    [Fact]
    public void Validate_BadShape_Throws()
    {
        var act = () => TinyModelWriter.Write(Path.Combine(_dir, "x.gguf"), new TinyModelOptions { Heads = 3 });
        act.Should().Throw<ArgumentException>();
    }
}
