namespace VirtSriov.EndToEnd.Tests;

/// <summary>Where the end-to-end test leaves its screenshots: TestResults/end-to-end in the repository, beside the test reports.</summary>
public static class Artifacts
{
    public static string Folder { get; } = Create();

    private static string Create()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "VirtSriov.Web.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults", "end-to-end");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
