using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Data.Labs;
using VirtSriov.Data.Runs;

namespace VirtSriov.Data.Tests;

public sealed class DatabaseInitializerTests
{
    [Fact]
    public async Task MigrateAsync_NewFolder_CreatesDatabaseWithAllMigrationsApplied()
    {
        await using var database = await TestDatabase.CreateAsync();

        await using var db = await database.CreateContextAsync();
        var applied = await db.Database.GetAppliedMigrationsAsync(database.Token);
        var pending = await db.Database.GetPendingMigrationsAsync(database.Token);

        Assert.True(File.Exists(database.DatabasePath));
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Contains(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Empty(pending);
    }

    [Fact]
    public async Task MigrateAsync_NewDatabase_JournalModeIsWal()
    {
        await using var database = await TestDatabase.CreateAsync();

        await using var connection = await database.OpenRawConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        var mode = (string?)await command.ExecuteScalarAsync(database.Token);

        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task ContextConnection_Opened_UsesNormalSyncAndBusyTimeout()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.CreateContextAsync();
        await db.Database.OpenConnectionAsync(database.Token);
        var connection = db.Database.GetDbConnection();

        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        var synchronous = Convert.ToInt64(await command.ExecuteScalarAsync(database.Token), System.Globalization.CultureInfo.InvariantCulture);
        command.CommandText = "PRAGMA busy_timeout;";
        var busyTimeout = Convert.ToInt64(await command.ExecuteScalarAsync(database.Token), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(1, synchronous); // NORMAL
        Assert.True(busyTimeout > 0, $"busy_timeout is {busyTimeout}");
    }

    [Fact]
    public async Task Model_ComparedWithMigrations_HasNoPendingChanges()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.CreateContextAsync();

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a migration with dotnet ef migrations add.");
    }

    [Fact]
    public async Task MigrateAsync_SecondTime_KeepsRows()
    {
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync();

        await DatabaseInitializer.MigrateAsync(database.Services, database.Token);

        Assert.NotNull(await database.Labs.GetAsync(lab.Id, database.Token));
    }

    [Fact]
    public async Task AddVirtSriovData_Resolved_ProvidesStoresAndScopedContextForIdentity()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var scope = database.Services.CreateAsyncScope();

        var context = scope.ServiceProvider.GetService<VirtSriovDbContext>();

        Assert.NotNull(context);
        Assert.IsType<RunStore>(database.Services.GetRequiredService<IRunStore>());
        Assert.IsType<RunEventStore>(database.Services.GetRequiredService<IRunEventStore>());
        Assert.IsType<LabStore>(database.Services.GetRequiredService<ILabStore>());
        Assert.Equal(0, await context.Users.CountAsync(database.Token));
    }
}
