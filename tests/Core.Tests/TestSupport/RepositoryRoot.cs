namespace VirtSriov.Core.Tests.TestSupport;

/// <summary>The repository root (the folder with VirtSriov.Web.sln), found upwards from the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "VirtSriov.Web.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No VirtSriov.Web.sln above {AppContext.BaseDirectory}.");
    }
}
