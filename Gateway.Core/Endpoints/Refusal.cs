using Microsoft.AspNetCore.Http;

namespace OrleansRpc.Gateway.Endpoints;

/// <summary>
/// An endpoint's refusal of a request that is not JSON-RPC at all says why in one line of plain text, so
/// that a client that got a detail wrong (curl's <c>-d</c> sends a form type) is told what to change.
/// </summary>
internal static class Refusal
{
    public static Task WriteAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }
}
