using Microsoft.Extensions.DependencyInjection;

namespace OrleansRpc.AppHost;

/// <summary>
/// Debian's <c>redis-server</c> as an executable resource: Aspire's own Redis integration runs a container,
/// and this machine needs none. Append-only with an fsync per write, as the README asks of a cluster's
/// Redis, in <paramref name="data"/>.
/// </summary>
public static class RedisServerResource
{
    public const string Program = "redis-server";

    /// <summary>
    /// Whether <see cref="Program"/> is on the PATH. Without it Aspire would show Redis as failed to start
    /// and the nodes waiting for it, and the console would say nothing; the AppHost says what to install.
    /// </summary>
    public static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, Program)));

    public static IResourceBuilder<ExecutableResource> AddRedisServer(this IDistributedApplicationBuilder builder, string name, int port, string data)
    {
        var check = $"{name}-ping";
        builder.Services.AddHealthChecks().AddCheck(check, new RedisPingCheck(port));
        return builder.AddExecutable(name, Program, data,
                "--bind", "127.0.0.1", "--port", $"{port}", "--dir", data,
                "--appendonly", "yes", "--appendfsync", "always", "--save", "")
            // Not proxied: the nodes talk to Redis itself, on the port the README names.
            .WithEndpoint(port: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(check);
    }
}
