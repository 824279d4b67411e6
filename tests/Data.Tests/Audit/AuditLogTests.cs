using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Audit;

namespace VirtSriov.Data.Tests.Audit;

public sealed class AuditLogTests
{
    [Fact]
    public async Task QueryAsync_AfterRecords_NewestFirstAPageAtATime()
    {
        await using var db = await TestDatabase.CreateAsync();
        var log = db.Services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 5; i++)
        {
            await log.RecordAsync(new AuditEntry(db.Time.GetUtcNow().AddMinutes(i), "admin", "step.apply", $"run r: step {i}"), db.Token);
        }

        var first = await log.QueryAsync(new AuditQuery(PageSize: 3), db.Token);
        var second = await log.QueryAsync(new AuditQuery(Page: 1, PageSize: 3), db.Token);

        Assert.Equal(["run r: step 4", "run r: step 3", "run r: step 2"], first.Items.Select(e => e.Detail));
        Assert.Equal(["run r: step 1", "run r: step 0"], second.Items.Select(e => e.Detail));
        Assert.Equal(5, first.Total);
        Assert.All(first.Items, e => Assert.Equal("admin", e.User));
        Assert.Equal(db.Time.GetUtcNow().AddMinutes(4), first.Items[0].At);
    }

    [Fact]
    public async Task QueryAsync_ByUserAndActionPrefix_FindsTheAdminsSignInUnderManyFailures()
    {
        await using var db = await TestDatabase.CreateAsync();
        var log = db.Services.GetRequiredService<IAuditLog>();
        await log.RecordAsync(new AuditEntry(db.Time.GetUtcNow(), "admin", "sign-in", "password"), db.Token);
        for (var i = 0; i < 600; i++)
        {
            await log.RecordAsync(new AuditEntry(db.Time.GetUtcNow(), $"guess{i}", "sign-in.failed", "password"), db.Token);
        }

        var page = await log.QueryAsync(new AuditQuery(User: "admin", Action: "sign-in"), db.Token);

        var entry = Assert.Single(page.Items);
        Assert.Equal("sign-in", entry.Action);
        Assert.Equal(601, (await log.QueryAsync(new AuditQuery(Action: "sign-in"), db.Token)).Total);
    }

    [Theory]
    [InlineData(int.MaxValue, 50)]
    [InlineData(-1, int.MaxValue)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public async Task QueryAsync_PageBeyondTheEndOrHuge_AnswersWithoutOverflow(int page, int pageSize)
    {
        await using var db = await TestDatabase.CreateAsync();
        var log = db.Services.GetRequiredService<IAuditLog>();
        await log.RecordAsync(new AuditEntry(db.Time.GetUtcNow(), "admin", "sign-in", "password"), db.Token);

        var result = await log.QueryAsync(new AuditQuery(Page: page, PageSize: pageSize), db.Token);

        Assert.Equal(1, result.Total);
        Assert.Equal(page < 0 ? 1 : 0, result.Items.Count);
    }

    [Fact]
    public async Task RecordAsync_HugeTypedUserName_IsCut()
    {
        await using var db = await TestDatabase.CreateAsync();
        var log = db.Services.GetRequiredService<IAuditLog>();

        await log.RecordAsync(new AuditEntry(db.Time.GetUtcNow(), new string('x', 1 << 20), "sign-in.failed", "password"), db.Token);

        var stored = Assert.Single((await log.QueryAsync(new AuditQuery(), db.Token)).Items);
        Assert.Equal(IAuditLog.MaxUserLength + 1, stored.User.Length);
    }
}
