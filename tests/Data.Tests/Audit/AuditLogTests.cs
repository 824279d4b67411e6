using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Audit;

namespace VirtSriov.Data.Tests.Audit;

public sealed class AuditLogTests
{
    [Fact]
    public async Task RecentAsync_AfterRecords_NewestFirstAndLimited()
    {
        await using var db = await TestDatabase.CreateAsync();
        var log = db.Services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 5; i++)
        {
            await log.RecordAsync(new AuditEntry(db.Time.GetUtcNow().AddMinutes(i), "admin", "step.apply", $"run r: step {i}"), db.Token);
        }

        var recent = await log.RecentAsync(3, db.Token);

        Assert.Equal(["run r: step 4", "run r: step 3", "run r: step 2"], recent.Select(e => e.Detail));
        Assert.All(recent, e => Assert.Equal("admin", e.User));
        Assert.Equal(db.Time.GetUtcNow().AddMinutes(4), recent[0].At);
    }
}
