using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OrleansRpc.Gateway.Hosting;

/// <summary>
/// The options a deployment sets rather than code, from the configuration section <c>JsonRpc</c>
/// (appsettings, environment <c>JsonRpc__SessionSigningKey</c>, command line): read before the host's
/// own <c>AddJsonRpc(o => ...)</c>, which wins.
/// </summary>
internal sealed class JsonRpcOptionsFromConfiguration(IConfiguration configuration) : IConfigureOptions<JsonRpcOptions>
{
    public const string SectionName = "JsonRpc";

    public void Configure(JsonRpcOptions options)
    {
        var section = configuration.GetSection(SectionName);

        // Base64, as `openssl rand -base64 32` prints it: every gateway of a cluster needs the same one.
        if (section["SessionSigningKey"] is { Length: > 0 } key)
        {
            try
            {
                options.SessionSigningKey = Convert.FromBase64String(key);
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException("JsonRpc:SessionSigningKey is not base64 (make one with `openssl rand -base64 32`).", ex);
            }
        }
    }
}
