using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using MidTrain.Models.Serving;
using MidTrain.Orchestrator.Cli;
using MidTrain.Orchestrator.Cli.Commands;
using MidTrain.Tests;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Tests.Cli;

/// <summary>How <c>midtrain serve</c>'s flags become server options (the model-free part of the command).</summary>
public sealed partial class ServeCommandTests
{
    private static OpenAiServerOptions Options(ServeCommand.Settings settings) => ServeCommand.ServerOptions(settings, "tiny", null);

    [Fact]
    public void ServerOptions_NoFlags_TheServerDefaults()
    {
        var options = Options(new ServeCommand.Settings());
        var defaults = new OpenAiServerOptions();
        options.Should().BeEquivalentTo(defaults, o => o.Excluding(x => x.ModelId).Excluding(x => x.Parallel));
        options.ModelId.Should().Be("tiny");
        options.ApiKey.Should().BeNull();
    }

    [Fact]
    public void ServerOptions_EveryFlag_Mapped()
    {
        var options = Options(new ServeCommand.Settings
        {
            Host = "::1", Port = 0, Parallel = 3, MaxQueue = 7, MaxTokensLimit = 99, MaxRequestMb = 2, RequestTimeout = 12.5, ShutdownTimeout = 0.5,
        });
        (options.Host, options.Port, options.Parallel, options.MaxQueue, options.MaxTokensLimit).Should().Be(("::1", 0, 3, 7, 99));
        options.MaxRequestBodyBytes.Should().Be(2 * 1024 * 1024);
        options.RequestTimeout.Should().Be(TimeSpan.FromSeconds(12.5));
        options.ShutdownTimeout.Should().Be(TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public void ServerOptions_PublicHostWithoutKey_UsageErrorNamingHostAndTheWayOut()
    {
        var act = () => Options(new ServeCommand.Settings { Host = "0.0.0.0" });
        act.Should().Throw<UsageException>().Which.Message.Should().StartWith("--host:").And.Contain("--api-key-env").And.Contain("--insecure-no-auth");
        Options(new ServeCommand.Settings { Host = "0.0.0.0", InsecureNoAuth = true }).ApiKey.Should().BeNull();
    }

    [Fact]
    public void ServerOptions_KeyFromEnvironmentOrFile_ReadAndTrimmed()
    {
        var variable = "MIDTRAIN_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-from-env\n");
        try
        {
            Options(new ServeCommand.Settings { Host = "0.0.0.0", ApiKeyEnv = variable }).ApiKey.Should().Be("sk-from-env");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        var dir = TestPaths.NewTempDir("serve-key");
        try
        {
            var file = Path.Combine(dir, "key");
            File.WriteAllText(file, "  sk-from-file\n");
            Options(new ServeCommand.Settings { ApiKeyFile = file }).ApiKey.Should().Be("sk-from-file");
            File.WriteAllText(file, "\n");
            FluentActions.Invoking(() => Options(new ServeCommand.Settings { ApiKeyFile = file })).Should().Throw<UsageException>().Which.Message.Should().StartWith("--api-key-file:");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ServerOptions_BadKeySources_UsageErrors()
    {
        FluentActions.Invoking(() => Options(new ServeCommand.Settings { ApiKeyEnv = "MIDTRAIN_SURELY_UNSET_" + Guid.NewGuid().ToString("N") }))
            .Should().Throw<UsageException>().Which.Message.Should().StartWith("--api-key-env:").And.Contain("unset");
        FluentActions.Invoking(() => Options(new ServeCommand.Settings { ApiKeyEnv = "A", ApiKeyFile = "B" }))
            .Should().Throw<UsageException>().Which.Message.Should().Contain("--api-key-env and --api-key-file");
        FluentActions.Invoking(() => Options(new ServeCommand.Settings { ApiKeyFile = "/no/such/key/file" }))
            .Should().Throw<UsageException>().Which.Message.Should().StartWith("--api-key-file:");
    }

    [Theory]
    [InlineData("--max-queue")]
    [InlineData("--max-tokens-limit")]
    [InlineData("--max-request-mb")]
    [InlineData("--shutdown-timeout")]
    [InlineData("--request-timeout")]
    [InlineData("--port")]
    public void ServerOptions_OutOfRange_UsageErrorNamingTheFlag(string flag)
    {
        var settings = flag switch
        {
            "--max-queue" => new ServeCommand.Settings { MaxQueue = -1 },
            "--max-tokens-limit" => new ServeCommand.Settings { MaxTokensLimit = 0 },
            "--max-request-mb" => new ServeCommand.Settings { MaxRequestMb = 0 },
            "--shutdown-timeout" => new ServeCommand.Settings { ShutdownTimeout = -1 },
            "--request-timeout" => new ServeCommand.Settings { RequestTimeout = 0 },
            _ => new ServeCommand.Settings { Port = 70000 },
        };
        FluentActions.Invoking(() => Options(settings)).Should().Throw<UsageException>().Which.Message.Should().StartWith(flag);
    }

    /// <summary>--help states the defaults; they must be the ones the server really uses (defaults live in the options).</summary>
    [Fact]
    public void Help_StatedDefaults_MatchTheServerOptions()
    {
        var defaults = new OpenAiServerOptions();
        var expected = new Dictionary<string, string>
        {
            ["--max-queue"] = defaults.MaxQueue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--max-tokens-limit"] = defaults.MaxTokensLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--max-request-mb"] = (defaults.MaxRequestBodyBytes / 1024 / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--request-timeout"] = defaults.RequestTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--shutdown-timeout"] = defaults.ShutdownTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--port"] = defaults.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--host"] = defaults.Host,
        };
        foreach (var property in typeof(ServeCommand.Settings).GetProperties())
        {
            var flag = property.GetCustomAttribute<CommandOptionAttribute>()!.LongNames[0];
            if (!expected.TryGetValue("--" + flag, out var value))
            {
                continue;
            }

            var description = property.GetCustomAttribute<DescriptionAttribute>()!.Description;
            DefaultIn().Match(description).Groups[1].Value.Should().Be(value, $"--{flag}: {description}");
            expected.Remove("--" + flag);
        }

        expected.Should().BeEmpty("every flag with a server default is checked");
    }

    [GeneratedRegex(@"\(default ([^;:)\s]+)")]
    private static partial Regex DefaultIn();
}
