using VirtSriov.Core;

namespace VirtSriov.Web.Hosting;

/// <summary>Where the database, keys and simulated lab live: <c>VirtSriov:DataDirectory</c>, relative to the content root.</summary>
public static class DataDirectory
{
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{VirtSriovOptions.Section}:{nameof(VirtSriovOptions.DataDirectory)}"];
        var directory = string.IsNullOrWhiteSpace(configured) ? new VirtSriovOptions().DataDirectory : configured;
        return Path.GetFullPath(Path.Combine(environment.ContentRootPath, directory));
    }
}
