using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OrleansRpc.Gateway.Client;

/// <summary>
/// Serves the browser client, <c>orleansrpc.js</c>, from the library itself (an embedded resource), so a
/// page on any host of the gateway can import it whatever the host's content root or static files.
/// </summary>
internal sealed class ClientScriptEndpoint
{
    private const string ResourceName = "OrleansRpc.Gateway.Client.orleansrpc.js";

    private readonly byte[] _script;
    private readonly string _etag;

    public ClientScriptEndpoint()
    {
        using var stream = typeof(ClientScriptEndpoint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The gateway's assembly lacks its resource {ResourceName}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        _script = copy.ToArray();
        _etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(_script).AsSpan(0, 8))}\"";
    }

    public Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        // Revalidated on every load, so a browser never runs a client older than the gateway it talks to.
        response.Headers.CacheControl = "no-cache";
        // A module imported by a page of another origin needs CORS; the script is public, so any origin
        // may load it (what it may then call is AllowedOrigins's to say).
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.ETag = _etag;
        if (context.Request.Headers.IfNoneMatch == _etag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = "text/javascript; charset=utf-8";
        response.ContentLength = _script.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(_script).AsTask();
    }
}
