using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace VirtSriov.Data;

/// <summary>Brings the database file up to the checked-in migrations at start.</summary>
public static class DatabaseInitializer
{
    public static Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        MigrateAsync(services.GetRequiredService<IDbContextFactory<VirtSriovDbContext>>(), cancellationToken);

    public static async Task MigrateAsync(IDbContextFactory<VirtSriovDbContext> contextFactory, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var databasePath = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // WAL is a property of the file: set once, every later connection uses it.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
