using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Processes;
using Xunit;

namespace VirtSriov.Core.Tests.Host.Remote;

public sealed class SshKeyStoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _data = Directory.CreateTempSubdirectory("virtsriov-sshkeys-").FullName;

    [Fact]
    public async Task GetAsync_FirstUse_MakesTheDashboardKeyMode0600AndPrefersAHostsOwnKey()
    {
        var keys = new SshKeyStore(_data, new ProcessRunner());
        var lab = new SshTarget("root", "127.0.0.1", 2222);
        var other = new SshTarget("root", "kvm1", 22);

        await keys.EnsureKeyAsync(keys.HostKeyPath(lab), TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var own = await keys.GetAsync(lab, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var shared = await keys.GetAsync(other, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(keys.HostKeyPath(lab), own.PrivateKeyPath);
        Assert.Equal(Path.Combine(_data, "ssh", "id_ed25519"), shared.PrivateKeyPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(shared.PrivateKeyPath));
        Assert.StartsWith("ssh-ed25519 ", await File.ReadAllTextAsync(shared.PublicKeyPath, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public void LibvirtUri_SshLab_PinsTheKeyAndKnownHostsThroughAWrapper()
    {
        var keys = new SshKeyStore(_data, new ProcessRunner());
        var credentials = new SshCredentials(Path.Combine(_data, "ssh", "id ed25519"), keys.KnownHostsPath);

        var uri = keys.LibvirtUri("qemu+ssh://root@kvm1:2222/system", credentials);
        var wrapper = Path.Combine(_data, "ssh", "libvirt-ssh");

        Assert.Equal($"qemu+ssh://root@kvm1:2222/system?keyfile={Uri.EscapeDataString(credentials.PrivateKeyPath)}&command={Uri.EscapeDataString(wrapper)}&no_tty=1", uri);
        Assert.Contains($"UserKnownHostsFile='{keys.KnownHostsPath}'", File.ReadAllText(wrapper), StringComparison.Ordinal);
        Assert.Contains("StrictHostKeyChecking=yes", File.ReadAllText(wrapper), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(wrapper));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
