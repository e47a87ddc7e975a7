using System.Net;

namespace OrleansRpc.Client;

/// <summary>
/// The transport failed before the answer came: the socket closed with the call on its way (it may or
/// may not have run), the HTTP request failed (<see cref="StatusCode"/> set when the server answered
/// with an HTTP error), or the client was disposed.
/// </summary>
public sealed class JsonRpcConnectionException(string message, HttpStatusCode? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
