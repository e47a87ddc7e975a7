using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Tests.TestGrains;

namespace OrleansRpc.Tests.Infrastructure;

public static class ServiceProviderExtensions
{
    public static Barriers GetBarriers(this IServiceProvider services) => services.GetRequiredService<Barriers>();
}
