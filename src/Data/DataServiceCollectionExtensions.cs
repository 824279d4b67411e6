using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VirtSriov.Core;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Changes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Tokens;
using VirtSriov.Data.Audit;
using VirtSriov.Data.Labs;
using VirtSriov.Data.Runs;
using VirtSriov.Data.Tokens;

namespace VirtSriov.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The history database (<c>&lt;dataDirectory&gt;/virtsriov.db</c>), its stores, and Data Protection keys kept in
    /// <c>&lt;dataDirectory&gt;/keys</c> so encrypted kubeconfigs stay readable after a restart.
    /// Call <see cref="DatabaseInitializer.MigrateAsync(IServiceProvider, CancellationToken)"/> before use.
    /// </summary>
    /// <param name="keyRingCertificate">When given, the key ring is encrypted at rest with it (ProtectKeysWithCertificate).</param>
    public static IServiceCollection AddVirtSriovData(this IServiceCollection services, string dataDirectory, X509Certificate2? keyRingCertificate = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        var connectionString = VirtSriovDatabase.ConnectionString(dataDirectory);
        services.AddDbContextFactory<VirtSriovDbContext>(options => VirtSriovDatabase.Configure(options, connectionString));
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("VirtSriov")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataDirectory), PrivateDataFolder.KeysFolder)));
        if (keyRingCertificate is not null)
        {
            dataProtection.ProtectKeysWithCertificate(keyRingCertificate);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IRunStore, RunStore>();
        services.AddSingleton<IRunEventStore, RunEventStore>();
        services.AddSingleton<ILabStore, LabStore>();
        services.AddSingleton<IChangeJournal, ChangeJournal>();
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<IApiTokenStore, ApiTokenStore>();
        return services;
    }
}
