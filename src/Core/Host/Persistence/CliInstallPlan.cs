using System.Globalization;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>The published CLI the boot unit calls, copied to the host because it is not installed there.</summary>
/// <param name="SourceDirectory">The publish folder on the dashboard's machine.</param>
/// <param name="FileCount">How many files it copies.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="LinkPath">The path the unit runs, linked to the copied program.</param>
public sealed record CliInstallPlan(string SourceDirectory, int FileCount, long Bytes, string LinkPath)
{
    public static string InstallDirectory => CliPackage.InstallDirectory;

    public static string Program => $"{CliPackage.InstallDirectory}/{CliPackage.Program}";

    /// <summary>The line the plan page lists.</summary>
    public string Description =>
        $"copy the virtsriov CLI ({FileCount.ToString(CultureInfo.InvariantCulture)} files, {(Bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)} MiB from {SourceDirectory}) to {CliPackage.InstallDirectory} and link {LinkPath} to it: the boot unit runs it";
}
