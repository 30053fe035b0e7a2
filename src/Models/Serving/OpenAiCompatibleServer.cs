using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Jsonl;

namespace MidTrain.Models.Serving;

/// <summary>
/// An OpenAI-compatible HTTP server (<c>POST /v1/chat/completions</c> with and without SSE streaming,
/// <c>GET /v1/models</c>) over any <see cref="IChatClient"/> — in <c>midtrain serve</c>, the batching llama.cpp backend,
/// so one GPU box can feed many pipelines. Built on Kestrel minimal APIs (HTTP/1.1 keep-alive, many concurrent
/// connections, proper chunked streaming — what <c>HttpListener</c> does poorly on Linux). Accepts both
/// <c>max_tokens</c> and <c>max_completion_tokens</c>, <c>seed</c>, <c>temperature</c>, <c>top_p</c>, <c>top_k</c>,
/// <c>stop</c>, <c>response_format</c> (<c>json_schema</c>, <c>json_object</c>), <c>logprobs</c>/<c>top_logprobs</c>,
/// <c>stream_options.include_usage</c>. Thread-safe.
/// </summary>
public sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OpenAiCompatibleServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The OpenAI base URL clients use, ending in <c>/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts serving <paramref name="backend"/>; returns once the socket is bound.</summary>
    public static async Task<OpenAiCompatibleServer> StartAsync(IChatClient backend, OpenAiServerOptions options, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        var clock = timeProvider ?? TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.Host), options.Port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        var logger = loggerFactory.CreateLogger<OpenAiCompatibleServer>();
        var handler = new ChatCompletionsHandler(backend, options.ModelId, clock, logger);
        app.MapPost("/v1/chat/completions", handler.HandleAsync);
        app.MapGet("/v1/models", (HttpContext context) => WriteModelsAsync(context, options.ModelId));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        var host = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host;
        return new OpenAiCompatibleServer(app, new Uri($"http://{host}:{bound.Port.ToString(CultureInfo.InvariantCulture)}/v1/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task WriteModelsAsync(HttpContext context, string modelId)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.WriterOptions);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        json.WriteStartObject();
        json.WriteString("id", modelId);
        json.WriteString("object", "model");
        json.WriteNumber("created", 0);
        json.WriteString("owned_by", "midtrain");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
