using VirtSriov.Core.Processes;

namespace VirtSriov.Lab.Tests.TestSupport;

/// <summary>The real <c>virtsriov</c> CLI (VirtSriov.Cli.dll, copied next to the tests), run through the dotnet host.</summary>
public static class VirtsriovCli
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "VirtSriov.Cli.dll");

    /// <summary>The repository root (the folder with VirtSriov.Web.sln), found upwards from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        new ProcessRunner().RunAsync("dotnet", [DllPath, .. arguments], cancellationToken);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VirtSriov.Web.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No VirtSriov.Web.sln above {AppContext.BaseDirectory}.");
    }
}
