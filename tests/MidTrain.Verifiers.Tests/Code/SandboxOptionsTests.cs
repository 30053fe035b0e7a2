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

    [Theory]
    [InlineData("timeout_s", "-1", "'timeout_s' must be a positive number")]
    [InlineData("unsandboxed", "yes", "'unsandboxed' must be true or false")]
    [InlineData("colour", "red", "unknown key 'colour'")]
    public void FromMapping_BadValue_ErrorNamesTheKey(string key, string value, string message)
    {
        var act = () => SandboxOptions.FromMapping(new Dictionary<string, object?> { [key] = value });
        act.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Validate_NonPositiveLimit_NamesTheSetting()
    {
        var act = () => new SandboxOptions { MaxProcesses = 0 }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*MaxProcesses*");
    }
}
