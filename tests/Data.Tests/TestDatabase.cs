using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Data.Tests;

/// <summary>
/// A migrated SQLite file in its own temporary folder (no rows shared between tests), with the Data services over it.
/// <see cref="RestartAsync"/> drops every service and connection and starts again on the same folder, like a new process.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly CancellationTokenSource timeout;
    private ServiceProvider services;

    private TestDatabase(string directory, ServiceProvider services, CancellationTokenSource timeout)
    {
        Directory = directory;
        this.services = services;
        this.timeout = timeout;
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, VirtSriovDatabase.FileName);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The test's token, cancelled after a minute so a hang fails instead of blocking the run.</summary>
    public CancellationToken Token => timeout.Token;

    public IServiceProvider Services => services;

    public IRunStore Runs => services.GetRequiredService<IRunStore>();

    public IRunEventStore Events => services.GetRequiredService<IRunEventStore>();

    public ILabStore Labs => services.GetRequiredService<ILabStore>();

    public static async Task<TestDatabase> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "virtsriov-data-tests", Guid.NewGuid().ToString("N"));
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        var database = new TestDatabase(directory, null!, timeout);
        database.services = database.BuildServices();
        await DatabaseInitializer.MigrateAsync(database.services, database.Token);
        return database;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        services = BuildServices();
        await DatabaseInitializer.MigrateAsync(services, Token);
    }

    public async Task<VirtSriovDbContext> CreateContextAsync() =>
        await services.GetRequiredService<IDbContextFactory<VirtSriovDbContext>>().CreateDbContextAsync(Token);

    /// <summary>A plain connection to the file, bypassing EF, to look at what is really stored.</summary>
    public async Task<SqliteConnection> OpenRawConnectionAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(Token);
        return connection;
    }

    public async Task<LabDefinition> AddLabAsync(string name = "simulated", LabKind kind = LabKind.Simulated) =>
        await Labs.AddAsync(name, kind, "/var/lib/virtsriov/sysfs", "test:///default", Token);

    public async Task<RunRecord> CreateRunAsync(Guid labId, DateTimeOffset? at = null) =>
        await Runs.CreateAsync(labId, new RunSettings { PfAddress = "0000:3b:00.0" }, at ?? Time.GetUtcNow(), Token);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        timeout.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private ServiceProvider BuildServices()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddVirtSriovData(Directory);
        return collection.BuildServiceProvider(validateScopes: true);
    }

    private async Task StopAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(VirtSriovDatabase.ConnectionString(Directory)));
    }
}
