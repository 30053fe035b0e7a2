using Microsoft.Extensions.Hosting;

namespace MidTrain.Models.Serving;

/// <summary>
/// A host lifetime that hooks nothing. The default console lifetime registers SIGTERM/SIGINT handlers that cancel the
/// signal and merely request a stop nobody awaits when the host was started with <c>StartAsync</c>, which left
/// <c>midtrain serve</c> running after SIGTERM; the owner of the server handles signals and calls its StopAsync.
/// </summary>
internal sealed class ExternallyControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
