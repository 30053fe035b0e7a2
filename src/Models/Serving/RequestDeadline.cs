using Microsoft.AspNetCore.Http;

namespace MidTrain.Models.Serving;

/// <summary>
/// The one token a request's work runs under: cancelled when the client goes away, when the request has run for the
/// server's time limit, or when the server stops for good. <see cref="Reason"/> says which, as the error to answer.
/// </summary>
internal sealed class RequestDeadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _clientGone;
    private readonly CancellationToken _shutdown;
    private readonly TimeSpan _limit;

    public RequestDeadline(HttpContext context, CancellationToken shutdown, TimeSpan limit, TimeProvider clock)
    {
        _clientGone = context.RequestAborted;
        _shutdown = shutdown;
        _limit = limit;
        _timeout = new CancellationTokenSource(limit, clock);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_clientGone, shutdown, _timeout.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>The answer owed after cancellation: none when the client left, else 504 (time limit) or 503 (shutdown).</summary>
    public OpenAiError? Reason =>
        _clientGone.IsCancellationRequested ? null
        : _shutdown.IsCancellationRequested ? OpenAiError.ShuttingDown()
        : OpenAiError.Timeout(_limit);

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
