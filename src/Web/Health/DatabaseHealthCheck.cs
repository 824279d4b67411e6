using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VirtSriov.Data;

namespace VirtSriov.Web.Health;

/// <summary>The SQLite history answers a query (not just that its file exists).</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<VirtSriovDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.Runs.CountAsync(cancellationToken);
        return HealthCheckResult.Healthy($"SQLite answers; {runs} run(s) recorded.");
    }
}
