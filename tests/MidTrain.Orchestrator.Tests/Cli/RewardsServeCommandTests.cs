using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using MidTrain.Orchestrator.Cli;
using MidTrain.Orchestrator.Cli.Commands;
using MidTrain.Orchestrator.Rewards.Http;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Tests.Cli;

/// <summary>How <c>midtrain serve rewards</c>'s flags become server options.</summary>
public sealed partial class RewardsServeCommandTests
{
    [Fact]
    public void ServerOptions_NoFlags_TheServerDefaults()
    {
        var options = RewardsServeCommand.ServerOptions(new RewardsServeCommand.Settings());
        options.Should().BeEquivalentTo(new RewardServerOptions());
    }

    [Fact]
    public void ServerOptions_EveryFlag_Mapped()
    {
        var options = RewardsServeCommand.ServerOptions(new RewardsServeCommand.Settings
        {
            Host = "::1", Port = 0, Parallel = 3, MaxQueue = 7, MaxBatch = 99, MaxRequestMb = 2, RequestTimeout = 12.5, ShutdownTimeout = 0.5,
        });
        (options.Host, options.Port, options.Parallel, options.MaxQueue, options.MaxBatch).Should().Be(("::1", 0, 3, 7, 99));
        options.MaxRequestBodyBytes.Should().Be(2 * 1024 * 1024);
        options.RequestTimeout.Should().Be(TimeSpan.FromSeconds(12.5));
        options.ShutdownTimeout.Should().Be(TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public void ServerOptions_PublicHostWithoutKey_UsageErrorNamingHostAndTheWayOut()
    {
        var act = () => RewardsServeCommand.ServerOptions(new RewardsServeCommand.Settings { Host = "0.0.0.0" });
        act.Should().Throw<UsageException>().Which.Message.Should().StartWith("--host:").And.Contain("--api-key-env").And.Contain("--insecure-no-auth");
        RewardsServeCommand.ServerOptions(new RewardsServeCommand.Settings { Host = "0.0.0.0", InsecureNoAuth = true }).ApiKey.Should().BeNull();
    }

    [Fact]
    public void ServerOptions_KeyFromTheEnvironment()
    {
        var variable = "MIDTRAIN_TEST_REWARD_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, " sk-reward \n");
        try
        {
            RewardsServeCommand.ServerOptions(new RewardsServeCommand.Settings { Host = "0.0.0.0", ApiKeyEnv = variable }).ApiKey.Should().Be("sk-reward");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("--max-queue")]
    [InlineData("--max-batch")]
    [InlineData("--parallel")]
    [InlineData("--max-request-mb")]
    [InlineData("--request-timeout")]
    [InlineData("--port")]
    public void ServerOptions_OutOfRange_UsageErrorNamingTheFlag(string flag)
    {
        var settings = flag switch
        {
            "--max-queue" => new RewardsServeCommand.Settings { MaxQueue = -1 },
            "--max-batch" => new RewardsServeCommand.Settings { MaxBatch = 0 },
            "--parallel" => new RewardsServeCommand.Settings { Parallel = 0 },
            "--max-request-mb" => new RewardsServeCommand.Settings { MaxRequestMb = 0 },
            "--request-timeout" => new RewardsServeCommand.Settings { RequestTimeout = 0 },
            _ => new RewardsServeCommand.Settings { Port = 70000 },
        };
        FluentActions.Invoking(() => RewardsServeCommand.ServerOptions(settings)).Should().Throw<UsageException>().Which.Message.Should().StartWith(flag);
    }

    /// <summary>--help states the defaults; they must be the ones the server really uses.</summary>
    [Fact]
    public void Help_StatedDefaults_MatchTheServerOptions()
    {
        var defaults = new RewardServerOptions();
        var expected = new Dictionary<string, string>
        {
            ["--parallel"] = defaults.Parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--max-queue"] = defaults.MaxQueue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--max-batch"] = defaults.MaxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--max-request-mb"] = (defaults.MaxRequestBodyBytes / 1024 / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--request-timeout"] = defaults.RequestTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--shutdown-timeout"] = defaults.ShutdownTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--port"] = defaults.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--host"] = defaults.Host,
        };
        foreach (var property in typeof(RewardsServeCommand.Settings).GetProperties())
        {
            var flag = "--" + property.GetCustomAttribute<CommandOptionAttribute>()!.LongNames[0];
            if (expected.Remove(flag, out var value))
            {
                var description = property.GetCustomAttribute<DescriptionAttribute>()!.Description;
                DefaultIn().Match(description).Groups[1].Value.Should().Be(value, $"{flag}: {description}");
            }
        }

        expected.Should().BeEmpty("every flag with a server default is checked");
    }

    [GeneratedRegex(@"\(default ([^;:)\s]+)")]
    private static partial Regex DefaultIn();
}
