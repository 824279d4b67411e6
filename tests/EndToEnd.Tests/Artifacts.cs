namespace VirtSriov.EndToEnd.Tests;

/// <summary>Where the end-to-end test leaves its screenshots: TestResults/end-to-end in the repository, beside the test reports.</summary>
public static class Artifacts
{
    /// <summary>The repository the tests were built in (the folder of VirtSriov.Web.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder { get; } = Create();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "VirtSriov.Web.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }

    private static string Create()
    {
        var folder = Path.Combine(RepositoryRoot, "TestResults", "end-to-end");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
