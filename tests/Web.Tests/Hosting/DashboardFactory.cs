using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace VirtSriov.Web.Tests.Hosting;

/// <summary>The whole app on a test server, with its own temporary data directory (database, keys).</summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "virtsriov-web-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("VirtSriov:DataDirectory", DataDirectory);
        // No emulated lab behind the factory: a test that walks every endpoint must not boot a QEMU guest.
        builder.UseSetting("VirtSriov:EmulatedLab:CacheDirectory", Path.Combine(DataDirectory, "no-lab-cache"));
        builder.UseSetting("Urls", "http://127.0.0.1:5080");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
