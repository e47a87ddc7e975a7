using System.Net;
using System.Net.Http.Headers;

namespace OrleansRpc.Client;

/// <summary>POST /rpc: one message or batch per request, with the client's cookies.</summary>
internal sealed class HttpChannel(Uri uri, CookieContainer cookies) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http = new(new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true });

    /// <summary>The answer's body, or null when there is none (204: only notifications).</summary>
    public async Task<byte[]?> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(uri, content, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new JsonRpcConnectionException($"POST {uri} failed: {ex.Message}", inner: ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return null;
            }

            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new JsonRpcConnectionException(
                    $"POST {uri} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(answer)}", response.StatusCode);
            }

            return answer;
        }
    }

    public void Dispose() => _http.Dispose();
}
