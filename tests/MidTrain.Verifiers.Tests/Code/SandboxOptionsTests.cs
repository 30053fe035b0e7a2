using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

public sealed class SandboxOptionsTests
{
    [Fact]
    public void FromMapping_StageKeys_AreApplied()
    {
        var options = SandboxOptions.FromMapping(new Dictionary<string, object?>
        {
            ["concurrency"] = "3",
            ["timeout_s"] = 2.5,
            ["memory_mb"] = 300,
            ["unsandboxed"] = "false",
            ["interpreters"] = new Dictionary<object, object?> { ["python"] = "/opt/python/bin/python3" },
        });
        options.MaxConcurrency.Should().Be(3);
        options.DefaultTimeout.Should().Be(TimeSpan.FromSeconds(2.5));
        options.DefaultMemoryMb.Should().Be(300);
        options.Unsandboxed.Should().BeFalse();
        options.Interpreters.Should().ContainKey("python").WhoseValue.Should().Be("/opt/python/bin/python3");
    }

    [Fact]
    public void FromMapping_CompileAndWarmKeys_AreApplied()
    {
        var options = SandboxOptions.FromMapping(new Dictionary<string, object?>
        {
            ["compile_timeout_s"] = "90",
            ["compile_memory_mb"] = 3000,
            ["warm_start"] = "false",
        });
        options.CompileTimeout.Should().Be(TimeSpan.FromSeconds(90));
        options.CompileMemoryMb.Should().Be(3000);
        options.WarmStart.Should().BeFalse();
        new SandboxOptions().WarmStart.Should().BeTrue("warm servers are the default");
    }

    [Theory]
    [InlineData("warm_start", "sometimes", "'warm_start' must be true or false")]
    [InlineData("compile_timeout_s", "0", "'compile_timeout_s' must be a positive number")]
    [InlineData("timeout_s", "-1", "'timeout_s' must be a positive number")]
    [InlineData("unsandboxed", "yes", "'unsandboxed' must be true or false")]
    [InlineData("colour", "red", "unknown key 'colour'")]
    public void FromMapping_BadValue_ErrorNamesTheKey(string key, string value, string message)
    {
        var act = () => SandboxOptions.FromMapping(new Dictionary<string, object?> { [key] = value });
        act.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Validate_PreloadModuleNotAModuleName_Throws()
    {
        var act = () => new SandboxOptions { PreloadModules = ["json; import os"] }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*PreloadModules*");
    }

    [Fact]
    public void Validate_NonPositiveLimit_NamesTheSetting()
    {
        var act = () => new SandboxOptions { MaxProcesses = 0 }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*MaxProcesses*");
    }
}
