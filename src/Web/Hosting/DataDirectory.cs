using VirtSriov.Core;

namespace VirtSriov.Web.Hosting;

/// <summary>
/// Where the database, keys and simulated lab live: <c>VirtSriov:DataDirectory</c> (relative to the content root),
/// or by default <see cref="DefaultDataDirectory"/>.
/// </summary>
public static class DataDirectory
{
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{VirtSriovOptions.Section}:{nameof(VirtSriovOptions.DataDirectory)}"];
        return string.IsNullOrWhiteSpace(configured)
            ? DefaultDataDirectory.Resolve()
            : Path.GetFullPath(Path.Combine(environment.ContentRootPath, configured));
    }
}
