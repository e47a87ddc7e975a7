using System.Buffers;
using Microsoft.AspNetCore.Http;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Endpoints;

/// <summary>
/// <c>POST /rpc</c>: one message or batch per body. 200 with the JSON-RPC answer (errors included),
/// 204 when there is nothing to answer, 405/415/413 for what is not a JSON-RPC request at all.
/// </summary>
internal sealed class HttpRpcEndpoint(JsonRpcDispatcher dispatcher, JsonRpcOptions options, ConnectionDirectory directory)
{
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

        var max = options.MaxHttpBodyBytes;
        var message = request.ContentLength > max ? null : await ReadBodyAsync(request, max);
        if (message is null)
        {
            await Refusal.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"The body is over the limit of {max} bytes.");
            return;
        }

        var connection = new HttpRpcConnection(directory.Open(context, RpcTransport.Http), context.RequestAborted);
        dispatcher.Dispatch(connection, message);
        var answer = await connection.Answer;
        try
        {
            if (answer is null)
            {
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.ContentLength = answer.WrittenCount;
            await response.Body.WriteAsync(answer.WrittenMemory, context.RequestAborted);
        }
        finally
        {
            answer?.Dispose();
            directory.Close(connection.Id);
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

    /// <summary>type/subtype, each a non-empty token: what a media type parser would accept before the parameters.</summary>
    private static bool IsMediaType(ReadOnlySpan<char> type)
    {
        var slash = type.IndexOf('/');
        return slash > 0 && slash < type.Length - 1 && type[(slash + 1)..].IndexOf('/') < 0
            && !type.ContainsAny(" \t\"(),:<=>?@[\\]{}");
    }

    /// <summary>Reads the body into a pooled buffer; null when it is longer than <paramref name="max"/>.</summary>
    private static async Task<RequestMessage?> ReadBodyAsync(HttpRequest request, int max)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, max) + 1);
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

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max + 1));
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
