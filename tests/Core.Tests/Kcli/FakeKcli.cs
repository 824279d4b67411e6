namespace VirtSriov.Core.Tests.Kcli;

/// <summary>The STAND-IN kcli script (Data/fake-kcli): not kcli, it only reproduces kcli's output lines and exit codes.</summary>
internal static class FakeKcli
{
    public static string Path
    {
        get
        {
            var path = System.IO.Path.Combine(AppContext.BaseDirectory, "Kcli", "Data", "fake-kcli");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return path;
        }
    }
}
