using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Security;

public sealed class DataFolderModeTests
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task Start_AfterSignIn_DatabaseWalAndKeysAreOwnerOnly()
    {
        await using var factory = new DashboardFactory();
        await SignIn.AsAdminAsync(factory, TestContext.Current.CancellationToken);
        var keys = Path.Combine(factory.DataDirectory, "keys");

        var entries = new[] { factory.DataDirectory, keys }
            .Concat(Directory.EnumerateFiles(factory.DataDirectory, "virtsriov.db*"))
            .Concat(Directory.EnumerateFiles(keys))
            .ToList();

        Assert.Contains(entries, e => e.EndsWith(".xml", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EndsWith("virtsriov.db", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.True((File.GetUnixFileMode(e) & GroupOrOther) == 0, $"{e} is {File.GetUnixFileMode(e)}"));
    }
}
