using MidTrain.Core.Configuration;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

public sealed class SandboxOptionsTests
{
    private static SandboxOptions Bind(string yaml) => OptionsBinder.Bind<SandboxOptions>((ConfigMapping)YamlConfigReader.Parse(yaml, "p.yaml")!);

    [Fact]
    public void Bind_StageKeys_AreApplied()
    {
        var options = Bind("{max_concurrency: 3, timeout_s: 2.5, memory_mb: 300, unsandboxed: false, workdir_mb: 32, interpreters: {python: /opt/python/bin/python3}}");

        options.MaxConcurrency.Should().Be(3);
        options.DefaultTimeout.Should().Be(TimeSpan.FromSeconds(2.5));
        options.DefaultMemoryMb.Should().Be(300);
        options.WorkDirSizeMb.Should().Be(32);
        options.Unsandboxed.Should().BeFalse();
        options.Interpreters.Should().ContainKey("python").WhoseValue.Should().Be("/opt/python/bin/python3");
    }

    [Theory]
    [InlineData("timeout_s: -1", "p.yaml:1: key 'timeout_s': expected a duration")]
    [InlineData("unsandboxed: maybe", "p.yaml:1: key 'unsandboxed': expected true or false")]
    [InlineData("max_processes: 2.7", "p.yaml:1: key 'max_processes': expected an integer")]
    [InlineData("colour: red", "p.yaml:1: unknown key 'colour'")]
    public void Bind_BadValue_ErrorNamesFileLineAndKey(string yaml, string message)
    {
        var act = () => Bind(yaml);
        act.Should().Throw<ConfigException>().WithMessage(message + "*");
    }

    [Fact]
    public void Validate_NonPositiveLimit_NamesTheSetting()
    {
        var act = () => new SandboxOptions { MaxProcesses = 0 }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*MaxProcesses*");
    }
}
