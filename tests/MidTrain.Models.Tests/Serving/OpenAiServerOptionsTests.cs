using MidTrain.Core.Configuration;
using MidTrain.Models.Serving;

namespace MidTrain.Models.Tests.Serving;

public sealed class OpenAiServerOptionsTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.20")]
    public void Validate_NonLoopbackWithoutKey_RefusedNamingApiKey(string host)
    {
        var act = () => new OpenAiServerOptions { Host = host }.Validate();
        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be("api_key");
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Validate_LoopbackWithoutKey_Allowed(string host) =>
        FluentActions.Invoking(() => new OpenAiServerOptions { Host = host }.Validate()).Should().NotThrow();

    [Fact]
    public void Validate_NonLoopbackWithKeyOrExplicitlyInsecure_Allowed()
    {
        FluentActions.Invoking(() => new OpenAiServerOptions { Host = "0.0.0.0", ApiKey = "sk-x" }.Validate()).Should().NotThrow();
        FluentActions.Invoking(() => new OpenAiServerOptions { Host = "0.0.0.0", InsecureNoAuth = true }.Validate()).Should().NotThrow();
    }

    [Theory]
    [InlineData("host")]
    [InlineData("port")]
    [InlineData("api_key")]
    [InlineData("parallel")]
    [InlineData("max_queue")]
    [InlineData("max_request_body_bytes")]
    [InlineData("max_tokens_limit")]
    [InlineData("request_timeout_s")]
    [InlineData("shutdown_timeout_s")]
    [InlineData("retry_after_s")]
    public void Validate_BadValue_NamesItsKey(string key)
    {
        var options = key switch
        {
            "host" => new OpenAiServerOptions { Host = "localhost" },
            "port" => new OpenAiServerOptions { Port = 70000 },
            "api_key" => new OpenAiServerOptions { ApiKey = "two words" },
            "parallel" => new OpenAiServerOptions { Parallel = 0 },
            "max_queue" => new OpenAiServerOptions { MaxQueue = -1 },
            "max_request_body_bytes" => new OpenAiServerOptions { MaxRequestBodyBytes = 10 },
            "max_tokens_limit" => new OpenAiServerOptions { MaxTokensLimit = 0 },
            "request_timeout_s" => new OpenAiServerOptions { RequestTimeout = TimeSpan.Zero },
            "shutdown_timeout_s" => new OpenAiServerOptions { ShutdownTimeout = TimeSpan.FromSeconds(-1) },
            _ => new OpenAiServerOptions { RetryAfter = TimeSpan.FromMilliseconds(500) },
        };
        options.Invoking(o => o.Validate()).Should().Throw<OptionsValidationException>().Which.Key.Should().Be(key);
    }
}
