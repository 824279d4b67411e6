namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// A published <c>virtsriov</c> CLI on the dashboard's machine (<c>dotnet publish src/Cli</c>; install.sh puts one in
/// <c>/opt/virtsriov/cli</c>). The Virtual functions plan copies it to a host whose boot unit would otherwise call a
/// program that is not there: into <see cref="InstallDirectory"/>, linked from <see cref="VfPersistenceFiles.DefaultCliPath"/>.
/// </summary>
/// <param name="SourceDirectory">The publish folder; it holds <see cref="Program"/>.</param>
public sealed record CliPackage(string SourceDirectory)
{
    public const string InstallDirectory = "/usr/local/lib/virtsriov";

    /// <summary>The CLI's executable in a publish folder (the app host).</summary>
    public const string Program = "VirtSriov.Cli";

    /// <summary>The package in <paramref name="directory"/>, or null when no published CLI is there.</summary>
    public static CliPackage? In(string? directory) =>
        directory is { Length: > 0 } && File.Exists(Path.Combine(directory, Program)) ? new CliPackage(Path.GetFullPath(directory)) : null;

    /// <summary>The files to copy, relative to <see cref="SourceDirectory"/>, with their sizes.</summary>
    public IReadOnlyList<(string RelativePath, long Bytes)> Files() =>
        Directory.EnumerateFiles(SourceDirectory, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(SourceDirectory, f), new FileInfo(f).Length))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)
            .ToList();
}
