using Microsoft.Extensions.DependencyInjection;

namespace VirtSriov.Data;

/// <summary>Temporary stand-in for the Data project's initializer until the data branch is merged; delete then.</summary>
public static class DatabaseInitializer
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<VirtSriovDbContext>().Database.EnsureCreatedAsync(cancellationToken);
    }
}
