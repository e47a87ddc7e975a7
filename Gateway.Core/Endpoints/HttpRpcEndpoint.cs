using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.Sessions;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Endpoints;

/// <summary>
/// <c>POST /rpc</c>: one message or batch per body. 200 with the JSON-RPC answer (errors included),
/// 204 when there is nothing to answer, 405/415/413 for what is not a JSON-RPC request at all.
/// </summary>
internal sealed class HttpRpcEndpoint(JsonRpcDispatcher dispatcher, JsonRpcOptions options, ConnectionDirectory directory, SessionCookies sessions, ILogger<HttpRpcEndpoint> logger)
{
    /// <summary>A large answer is written this much at a time, each piece within the write timeout.</summary>
    private const int AnswerPiece = 64 * 1024;

    /// <summary>What a body gets before its bytes arrive.</summary>
    private const int FirstBodyBuffer = 16 * 1024;

    private const string NotJson = "The body must be JSON: send Content-Type: application/json (application/json-rpc, application/jsonrequest and +json types are taken too).";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "POST";
            await Refusal.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "JSON-RPC over HTTP takes POST requests.");
            return;
        }

        if (!IsJson(request.ContentType))
        {
            await Refusal.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, NotJson);
            return;
        }

        if (!IsUtf8(request.ContentType))
        {
            await Refusal.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "The body must be UTF-8, as JSON on the wire is: send no charset, or charset=utf-8.");
            return;
        }

        var max = options.MaxHttpBodyBytes;
        RequestMessage? message;
        try
        {
            message = request.ContentLength > max ? null : await ReadBodyAsync(request, max);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException { InnerException: OverflowException })
        {
            // Broken framing (a bad chunk, a body cut short, too slow): the client's fault, told as Kestrel
            // grades it (400, 408, 413), and no unhandled exception in the log for each one sent. A chunk
            // size too large to hold comes as an IOException around an overflow, not as bad request data.
            var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            EndpointLog.BadBody(logger, context.Connection.RemoteIpAddress, ex.Message);
            await Refusal.WriteAsync(context, status, $"The request body could not be read: {ex.Message}");
            return;
        }

        if (message is null)
        {
            await Refusal.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"The body is over the limit of {max} bytes.");
            return;
        }

        var connection = new HttpRpcConnection(directory.Open(context, RpcTransport.Http), context, sessions);
        dispatcher.Dispatch(connection, message);
        PooledBufferWriter? answer = null;
        try
        {
            // A request whose call failed where nobody awaits it throws here (answered 500): it is closed too.
            answer = await connection.Answer;
            if (answer is null)
            {
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.ContentLength = answer.WrittenCount;
            dispatcher.AnswerMemory.Take(answer.WrittenCount);
            try
            {
                await WriteAnswerAsync(context, answer.WrittenMemory);
            }
            finally
            {
                dispatcher.AnswerMemory.Give(answer.WrittenCount);
            }
        }
        finally
        {
            answer?.Dispose();
            directory.Close(connection.Id);
        }
    }

    /// <summary>
    /// Writes the answer a piece at a time, each of which must be taken by the client within the write
    /// timeout, or the connection is cut: Kestrel's minimum data rate is judged per write, and would give
    /// a client that reads nothing hours for one large answer, all of it held meanwhile.
    /// </summary>
    private async Task WriteAnswerAsync(HttpContext context, ReadOnlyMemory<byte> answer)
    {
        var body = context.Response.Body;
        if (answer.Length <= AnswerPiece || options.WriteTimeout == Timeout.InfiniteTimeSpan)
        {
            await body.WriteAsync(answer, context.RequestAborted);
            return;
        }

        // Not linked to RequestAborted: a client that goes fails the write by itself, and Kestrel, which
        // aborts the connection when a write is cancelled, cancels RequestAborted for a timeout too.
        using var timeout = new CancellationTokenSource();
        try
        {
            for (var offset = 0; offset < answer.Length; offset += AnswerPiece)
            {
                timeout.CancelAfter(options.WriteTimeout);
                await body.WriteAsync(answer.Slice(offset, Math.Min(AnswerPiece, answer.Length - offset)), timeout.Token);
                await body.FlushAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            EndpointLog.AnswerNotRead(logger, context.Connection.RemoteIpAddress, options.WriteTimeout);
            context.Abort();
        }
    }

    /// <summary>application/json, application/json-rpc, application/jsonrequest or any +json type, parameters allowed.</summary>
    private static bool IsJson(string? contentType)
    {
        var type = contentType.AsSpan();
        var parameters = type.IndexOf(';');
        type = (parameters < 0 ? type : type[..parameters]).Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/json-rpc", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/jsonrequest", StringComparison.OrdinalIgnoreCase)
            || (type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && IsMediaType(type));
    }

    /// <summary>No charset parameter, or utf-8 (RFC 8259: JSON exchanged between systems is UTF-8).</summary>
    private static bool IsUtf8(string? contentType)
    {
        var rest = contentType.AsSpan();
        var separator = rest.IndexOf(';');
        while (separator >= 0)
        {
            rest = rest[(separator + 1)..];
            separator = rest.IndexOf(';');
            var parameter = separator < 0 ? rest : rest[..separator];
            var equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var value = parameter[(equals + 1)..].Trim().Trim('"');
                return value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || value.Equals("utf8", StringComparison.OrdinalIgnoreCase);
            }
        }

        return true;
    }

    /// <summary>type/subtype, each a non-empty token: what a media type parser would accept before the parameters.</summary>
    private static bool IsMediaType(ReadOnlySpan<char> type)
    {
        var slash = type.IndexOf('/');
        return slash > 0 && slash < type.Length - 1 && type[(slash + 1)..].IndexOf('/') < 0
            && !type.ContainsAny(" \t\"(),:<=>?@[\\]{}");
    }

    /// <summary>
    /// Reads the body into a pooled buffer, which grows as bytes arrive, never as <c>Content-Length</c>
    /// announces them: a client that announces a large body and sends a byte holds a small buffer (as a
    /// WebSocket message does). Null when the body is longer than <paramref name="max"/>.
    /// </summary>
    private static async Task<RequestMessage?> ReadBodyAsync(HttpRequest request, int max)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength + 1 ?? FirstBodyBuffer, Math.Min(max + 1, FirstBodyBuffer)));
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                if (count > max)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }

                // Doubling copies a body a logarithmic number of times; never past what it announced.
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min((long)buffer.Length * 2, max + 1L), Math.Max(request.ContentLength + 1 ?? long.MaxValue, count + 1L)));
                buffer.AsSpan(0, count).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(count), request.HttpContext.RequestAborted);
            if (read == 0)
            {
                break;
            }

            count += read;
        }

        if (count > max)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        return RequestMessage.Rent(buffer, count);
    }
}
