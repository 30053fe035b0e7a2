using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Components;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Stages;

namespace MidTrain.Orchestrator.Tests.Config;

public sealed class PipelineConfigLoaderTests
{
    private const string Valid = """
        name: t
        seed: 7
        input:
          path: corpus.jsonl
          id_field: doc
          text_field: body
        models:
          teacher:
            provider: openai
            endpoint: http://127.0.0.1:8000/v1
        stages:
          - generic: passthrough
            concurrency: 3
          - generic: length_filter
            min_chars: 10
        output:
          dir: out/t
        """;

    [Fact]
    public void Parse_ValidPipeline_ReadsEveryKey()
    {
        var config = PipelineConfigLoader.Parse(Valid, "p.yaml");

        config.Name.Should().Be("t");
        config.Seed.Should().Be(7);
        config.Input.IdField.Should().Be("doc");
        config.Input.TextField.Should().Be("body");
        config.Models.Should().ContainKey("teacher");
        config.Stages.Select(s => s.DisplayName).Should().Equal("generic:passthrough", "generic:length_filter");
        config.OutputDir.Should().Be("out/t");
        config.Json["stages"]![0]!["concurrency"]!.GetValue<long>().Should().Be(3);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_NamesKeyAndLine()
    {
        var act = () => PipelineConfigLoader.Parse(Valid + "\nouptut_dir: x\n", "p.yaml");
        act.Should().Throw<ConfigException>().WithMessage("p.yaml:18: unknown key 'ouptut_dir'*");
    }

    [Fact]
    public void Parse_WrongTypeForSeed_NamesKeyAndLine()
    {
        var act = () => PipelineConfigLoader.Parse(Valid.Replace("seed: 7", "seed: seven", StringComparison.Ordinal), "p.yaml");
        act.Should().Throw<ConfigException>().WithMessage("p.yaml:2: key 'seed': expected an integer, got 'seven'");
    }

    [Fact]
    public void Parse_MissingInputPath_IsAnError()
    {
        var act = () => PipelineConfigLoader.Parse("input:\n  id_field: id\nstages: []\n", "p.yaml");
        act.Should().Throw<ConfigException>().WithMessage("p.yaml:2: key 'input.path': is required");
    }

    [Fact]
    public void Parse_UnknownStageKind_NamesTheStageAndTheKinds()
    {
        var act = () => PipelineConfigLoader.Parse("input: {path: x}\nstages:\n  - frobnicate: yes\n", "p.yaml");
        act.Should().Throw<ConfigException>().WithMessage("p.yaml:3: key 'stages[0]': a stage needs one kind key, one of *generate*verify* (keys here: frobnicate)");
    }

    [Fact]
    public void Parse_TwoKindKeys_IsAnErrorNamingBoth()
    {
        var act = () => PipelineConfigLoader.Parse("input: {path: x}\nstages:\n  - generic: passthrough\n    chunk: {max_chars: 100}\n", "p.yaml");
        act.Should().Throw<ConfigException>().WithMessage("p.yaml:4: key 'stages[0].chunk': a stage has one kind, but this one has two: generic and chunk");
    }

    [Fact]
    public void Parse_KeysSortedAsPyYamlSafeDumpWritesThem_KindFoundWhereverItStands()
    {
        // yaml.safe_dump(config) sorts every mapping's keys: the kind key is no longer first.
        const string sorted = """
            input:
              path: corpus.jsonl
            name: sorted
            seed: 3
            stages:
            - capacity: 4
              concurrency: 2
              generic: length_filter
              max_chars: 900
              min_chars: 10
            - chunk:
                max_chars: 500
                min_chars: 20
              name: cut
            """;

        var config = PipelineConfigLoader.Parse(sorted, "sorted.yaml");
        var stages = PipelineStages.Build(config.Stages, new ComponentContext { Catalog = BuiltInComponents.Catalog });

        config.Stages.Select(s => s.Kind).Should().Equal("generic", "chunk");
        stages.Select(s => (s.Name, s.Concurrency, s.Capacity)).Should().Equal(("generic:length_filter", 2, 4), ("cut", 2, 4));
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsLine()
    {
        var act = () => PipelineConfigLoader.Parse("input:\n  path: [unclosed\n", "p.yaml");
        act.Should().Throw<ConfigException>().WithMessage("p.yaml:*: invalid YAML*");
    }

    [Fact]
    public void StageFactory_UnknownStageOption_NamesKeyAndLine()
    {
        var config = PipelineConfigLoader.Parse(Valid.Replace("min_chars: 10", "min_chars: 10\n    max_char: 5", StringComparison.Ordinal), "p.yaml");
        var act = () => PipelineStages.Build(config.Stages, new ComponentContext { Catalog = BuiltInComponents.Catalog });
        act.Should().Throw<ConfigException>().WithMessage("p.yaml:16: unknown key 'stages[1].max_char' (known keys here: capacity, concurrency, delay_ms, max_chars, min_chars, name)");
    }

    [Fact]
    public void StageFactory_WrongTypeForStageOption_NamesKey()
    {
        var config = PipelineConfigLoader.Parse(Valid.Replace("concurrency: 3", "concurrency: lots", StringComparison.Ordinal), "p.yaml");
        var act = () => PipelineStages.Build(config.Stages, new ComponentContext { Catalog = BuiltInComponents.Catalog });
        act.Should().Throw<ConfigException>().WithMessage("p.yaml:13: key 'stages[0].concurrency': expected an integer, got 'lots'");
    }
}
