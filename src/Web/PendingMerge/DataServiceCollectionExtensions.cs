using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace VirtSriov.Data;

/// <summary>Temporary stand-in for the Data project's registration until the data branch is merged; delete then.</summary>
public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddVirtSriovData(this IServiceCollection services, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        services.AddDbContext<VirtSriovDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(dataDirectory, "virtsriov.db")}"));
        return services;
    }
}
