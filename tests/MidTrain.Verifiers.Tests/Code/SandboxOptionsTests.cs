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

    [Fact]
    public void Bind_CompileAndWarmKeys_AreApplied()
    {
        var options = Bind("{compile_timeout_s: 90, compile_memory_mb: 3000, warm_start: false}");
        options.CompileTimeout.Should().Be(TimeSpan.FromSeconds(90));
        options.CompileMemoryMb.Should().Be(3000);
        options.WarmStart.Should().BeFalse();
        new SandboxOptions().WarmStart.Should().BeTrue("warm servers are the default");
    }

    [Theory]
    [InlineData("timeout_s: -1", "p.yaml:1: key 'timeout_s': expected a duration")]
    [InlineData("unsandboxed: maybe", "p.yaml:1: key 'unsandboxed': expected true or false")]
    [InlineData("max_processes: 2.7", "p.yaml:1: key 'max_processes': expected an integer")]
    [InlineData("warm_start: sometimes", "p.yaml:1: key 'warm_start': expected true or false")]
    [InlineData("compile_timeout_s: 0", "p.yaml:1: key 'compile_timeout_s': must be positive")]
    [InlineData("colour: red", "p.yaml:1: unknown key 'colour'")]
    public void Bind_BadValue_ErrorNamesFileLineAndKey(string yaml, string message)
    {
        var act = () => Bind(yaml);
        act.Should().Throw<ConfigException>().WithMessage(message + "*");
    }

    [Fact]
    public void Validate_PreloadModuleNotAModuleName_Throws()
    {
        var act = () => new SandboxOptions { PreloadModules = ["json; import os"] }.Validate();
        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be("preload_modules");
    }

    [Fact]
    public void Validate_NonPositiveLimit_NamesTheSetting()
    {
        var act = () => new SandboxOptions { MaxProcesses = 0 }.Validate();
        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be("max_processes");
    }
}
