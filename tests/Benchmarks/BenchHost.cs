using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VirtSriov.Core;
using VirtSriov.Data;

namespace VirtSriov.Benchmarks;

/// <summary>The dashboard's Core + Data services over a fresh data folder, without the web layer.</summary>
internal static class BenchHost
{
    public static async Task<ServiceProvider> StartAsync(string dataDirectory)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["VirtSriov:DataDirectory"] = dataDirectory })
            .Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddVirtSriovCore(configuration)
            .AddVirtSriovData(dataDirectory)
            .BuildServiceProvider();
        await DatabaseInitializer.MigrateAsync(services, CancellationToken.None);
        return services;
    }
}
