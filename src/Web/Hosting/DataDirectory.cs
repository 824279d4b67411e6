using VirtSriov.Core;

namespace VirtSriov.Web.Hosting;

/// <summary>
/// Where the database, keys and simulated lab live: <c>VirtSriov:DataDirectory</c> (relative to the content root),
/// or by default /var/lib/virtsriov for root and $XDG_DATA_HOME/virtsriov (~/.local/share/virtsriov) otherwise.
/// </summary>
public static class DataDirectory
{
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{VirtSriovOptions.Section}:{nameof(VirtSriovOptions.DataDirectory)}"];
        return string.IsNullOrWhiteSpace(configured)
            ? Default()
            : Path.GetFullPath(Path.Combine(environment.ContentRootPath, configured));
    }

    private static string Default()
    {
        if (Environment.UserName == "root")
        {
            return "/var/lib/virtsriov";
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(
            string.IsNullOrEmpty(dataHome) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share") : dataHome,
            "virtsriov");
    }
}
