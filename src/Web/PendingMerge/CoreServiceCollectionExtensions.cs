using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VirtSriov.Core;

/// <summary>Temporary stand-in for the engine registration until the lead merges the engine; delete then.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddVirtSriovCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<VirtSriovOptions>(configuration.GetSection(VirtSriovOptions.Section));
        return services;
    }
}
