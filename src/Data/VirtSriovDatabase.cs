using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace VirtSriov.Data;

/// <summary>Where the database lives and how a context connects to it.</summary>
public static class VirtSriovDatabase
{
    public const string FileName = "virtsriov.db";

    public static string ConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(Path.GetFullPath(dataDirectory), FileName),
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmaInterceptor());
}
