namespace MidTrain.Models.Tests;

public sealed class ModelSpecTests
{
    [Theory]
    [InlineData("provider", "vllm")]
    [InlineData("path", null)]
    [InlineData("path", "/no/such/model.gguf")]
    [InlineData("context", "10")]
    [InlineData("parallel", "0")]
    [InlineData("threads", "0")]
    [InlineData("gpu_layers", "-1")]
    [InlineData("max_concurrency", "0")]
    [InlineData("timeout_s", "0")]
    [InlineData("max_retries", "-1")]
    public void Validate_BadLlamaSetting_MessageNamesTheKey(string key, string? value)
    {
        var spec = new ModelSpec { Name = "judge", Provider = "llama", Path = "tiny" };
        switch (key)
        {
            case "provider": spec.Provider = value!; break;
            case "path": spec.Path = value; break;
            case "context": spec.Context = int.Parse(value!); break;
            case "parallel": spec.Parallel = int.Parse(value!); break;
            case "threads": spec.Threads = int.Parse(value!); break;
            case "gpu_layers": spec.GpuLayers = int.Parse(value!); break;
            case "max_concurrency": spec.MaxConcurrency = int.Parse(value!); break;
            case "timeout_s": spec.TimeoutSeconds = double.Parse(value!); break;
            case "max_retries": spec.MaxRetries = int.Parse(value!); break;
        }

        spec.Invoking(s => s.Validate()).Should().Throw<ModelConfigurationException>()
            .Which.Message.Should().StartWith($"models.judge.{key}:");
    }

    [Theory]
    [InlineData(null, "m", "endpoint")]
    [InlineData("ftp://host/v1", "m", "endpoint")]
    [InlineData("http://127.0.0.1:8000", "m", "endpoint")]
    [InlineData("http://127.0.0.1:8000/v1", null, "model")]
    public void Validate_BadOpenAiSetting_MessageNamesTheKey(string? endpoint, string? model, string key)
    {
        var spec = new ModelSpec { Name = "teacher", Provider = "openai", Endpoint = endpoint, Model = model };
        spec.Invoking(s => s.Validate()).Should().Throw<ModelConfigurationException>().Which.Key.Should().Be($"models.teacher.{key}");
    }

    [Fact]
    public void Validate_ApiKeyEnvNotSet_NamesApiKeyEnv()
    {
        var spec = new ModelSpec { Name = "t", Provider = "openai", Endpoint = "http://127.0.0.1:1/v1", Model = "m", ApiKeyEnv = "MIDTRAIN_TEST_SURELY_UNSET_VARIABLE" };
        spec.Invoking(s => s.Validate()).Should().Throw<ModelConfigurationException>().Which.Key.Should().Be("models.t.api_key_env");
    }

    [Fact]
    public void Validate_EndpointPlusEndpoints_MergedWithoutDuplicates()
    {
        var spec = new ModelSpec { Name = "t", Provider = "openai", Endpoint = "http://a/v1", Endpoints = ["http://b/v1", "http://a/v1"], Model = "m" };
        spec.Validate();
        spec.AllEndpoints.Should().Equal("http://a/v1", "http://b/v1");
        ModelFactory.RemoteFingerprint(spec.AllEndpoints, "m").Should().Be("openai:http://a/v1,http://b/v1#m");
    }

    [Fact]
    public void Defaults_AreSane()
    {
        var spec = new ModelSpec { Name = "x", Path = "tiny" };
        spec.Validate();
        spec.RequestTimeout.Should().Be(TimeSpan.FromMinutes(5));
        spec.EffectiveMaxConcurrency.Should().Be(spec.Parallel * 2);
        spec.EffectiveThreads.Should().BeGreaterThan(0);
        spec.IsTiny.Should().BeTrue();
    }
}
