using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Classifiers.Features;
using MidTrain.Classifiers.Model;
using MidTrain.Tests;

namespace MidTrain.Classifiers.Tests.Model;

public sealed class ClassifierModelFileTests
{
    private static ClassifierModel Model(int bits = 12) => new()
    {
        Kind = ClassifierKind.FasttextLike,
        Criterion = "educational_value",
        LabelMin = 0,
        LabelMax = 5,
        Threshold = 3,
        Features = new NgramFeatureOptions { Bits = bits, WordNgrams = 2, CharNgramMin = 3, CharNgramMax = 5 },
        Weights = Enumerable.Range(0, 1 << bits).Select(i => (float)Math.Sin(i)).ToArray(),
        Bias = 1.25,
        Provenance = new ClassifierProvenance
        {
            LabelsFile = "run/judgements.jsonl",
            LabelsSha256 = new string('a', 64),
            Raters = ["judge/educational_value"],
            JudgeModels = new Dictionary<string, string> { ["judge"] = "gguf:sha256=abc;size=1;quant=F32" },
        },
        Metrics = new JsonObject { ["spearman"] = 0.9 },
    };

    private static string Written(ClassifierModel model)
    {
        var path = Path.Combine(TestPaths.NewTempDir("midtrain-mtc"), "m.mtc");
        ClassifierModelFile.Write(path, model);
        return path;
    }

    private static void EditHeader(string path, Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(path);
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        var header = JsonNode.Parse(bytes.AsSpan(12, length))!.AsObject();
        edit(header);
        var newHeader = Encoding.UTF8.GetBytes(header.ToJsonString());
        var output = new byte[12 + newHeader.Length + bytes.Length - 12 - length];
        bytes.AsSpan(0, 8).CopyTo(output);
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(8), newHeader.Length);
        newHeader.CopyTo(output, 12);
        bytes.AsSpan(12 + length).CopyTo(output.AsSpan(12 + newHeader.Length));
        File.WriteAllBytes(path, output);
    }

    [Fact]
    public void WriteThenRead_RoundTripsWeightsSettingsAndProvenance()
    {
        var model = Model();
        var path = Written(model);

        var read = ClassifierModelFile.Read(path, out var sha);

        sha.Should().MatchRegex("^[0-9a-f]{64}$");
        read.Weights.Should().Equal(model.Weights);
        read.Bias.Should().Be(1.25);
        read.Kind.Should().Be(ClassifierKind.FasttextLike);
        read.Criterion.Should().Be("educational_value");
        (read.LabelMin, read.LabelMax, read.Threshold).Should().Be((0, 5, 3));
        read.Features.Should().BeEquivalentTo(model.Features);
        read.Provenance.Should().BeEquivalentTo(model.Provenance);
        read.Metrics!["spearman"]!.GetValue<double>().Should().Be(0.9);
    }

    [Fact]
    public void Read_NotAModel_IsRefusedNamingTheFile()
    {
        var path = Path.Combine(TestPaths.NewTempDir("midtrain-mtc"), "x.mtc");
        File.WriteAllText(path, "{\"hello\": 1}");

        var act = () => ClassifierModelFile.Read(path);

        act.Should().Throw<ClassifierModelException>().WithMessage($"{path}: not a MidTrain classifier model*");
    }

    [Fact]
    public void Read_NewerFormat_IsRefusedSayingToUpgrade()
    {
        var path = Written(Model());
        EditHeader(path, h => h["format_version"] = 2);

        var act = () => ClassifierModelFile.Read(path);

        act.Should().Throw<ClassifierModelException>().WithMessage("*format 2*newer MidTrain*reads format 1*");
    }

    [Fact]
    public void Read_OtherFeaturizerVersion_IsRefusedSayingToRetrain()
    {
        var path = Written(Model());
        EditHeader(path, h => h["features"]!["featurizer_version"] = 99);

        var act = () => ClassifierModelFile.Read(path);

        act.Should().Throw<ClassifierModelException>().WithMessage("*featurizer version 99*retrain*");
    }

    [Fact]
    public void Read_UnknownKind_IsRefusedListingTheKnownOnes()
    {
        var path = Written(Model());
        EditHeader(path, h => h["kind"] = "transformer");

        var act = () => ClassifierModelFile.Read(path);

        act.Should().Throw<ClassifierModelException>().WithMessage("*unknown classifier kind 'transformer'*fasttext-like, embedding*");
    }

    [Fact]
    public void Read_TruncatedWeights_IsRefused()
    {
        var path = Written(Model());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var act = () => ClassifierModelFile.Read(path);

        act.Should().Throw<ClassifierModelException>().WithMessage("*truncated or corrupted*");
    }

    [Fact]
    public void Read_FlippedWeightByte_IsRefusedByTheChecksum()
    {
        var path = Written(Model());
        var bytes = File.ReadAllBytes(path);
        bytes[^7] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var act = () => ClassifierModelFile.Read(path);

        act.Should().Throw<ClassifierModelException>().WithMessage("*corrupted model file*sha256*");
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        var act = () => ClassifierModelFile.Read("/nonexistent/m.mtc");

        act.Should().Throw<FileNotFoundException>();
    }
}
