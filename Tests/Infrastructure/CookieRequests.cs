using System.Text;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// JSON-RPC POSTs with a <c>Cookie</c> header written by the test, as an attacker's or a second browser's
/// would be (the client must not keep cookies: <c>UseCookies = false</c>), and the session id a response sets.
/// </summary>
public static class CookieRequests
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri endpoint, string? cookie, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await http.SendAsync(request);
    }

    /// <summary>The value of the cookie <paramref name="name"/> that the response sets.</summary>
    public static string SetCookieValue(HttpResponseMessage response, string name)
    {
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(name + "=", StringComparison.Ordinal));
        return cookie[(name.Length + 1)..cookie.IndexOf(';')];
    }
}
