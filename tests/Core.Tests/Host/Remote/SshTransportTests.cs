using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Host.Remote;

/// <summary>The SSH transport against a real sshd on a loopback port.</summary>
public sealed class SshTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _tree = Directory.CreateTempSubdirectory("virtsriov-ssh-tree-").FullName;
    private TestSshd? _sshd;

    private TestSshd Sshd => _sshd!;

    public async ValueTask InitializeAsync()
    {
        _sshd = await TestSshd.StartAsync().WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Sshd.TrustHostKey();
    }

    [Fact]
    public async Task RunAsync_ArgumentsWithShellCharacters_ReachTheProgramUnchanged()
    {
        using var host = Open();
        string[] arguments = ["%s|", "it's", "$(touch /tmp/x) `id` ; rm -rf", "a  b", "", "*"];

        var result = await host.Processes.RunAsync("printf", arguments, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("it's|$(touch /tmp/x) `id` ; rm -rf|a  b||*|", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_FailingAndMissingPrograms_ReportExitCodeAndNotFound()
    {
        using var host = Open();

        var failed = await host.Processes.RunAsync("ls", ["/no/such/folder"], TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<ProgramNotFoundException>(
            () => host.Processes.RunAsync("no-such-program-virtsriov", [], TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken));

        Assert.Equal(2, failed.ExitCode);
        Assert.Contains("/no/such/folder", failed.StandardError, StringComparison.Ordinal);
        Assert.Equal("no-such-program-virtsriov", missing.File);
    }

    [Fact]
    public async Task RunAsync_WithInput_TheProgramReadsItThenEndOfFile()
    {
        using var host = Open();

        var echoed = await host.Processes.RunAsync("cat", [], "link show dev lo\nit's $(id)\n", TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var empty = await host.Processes.RunAsync("cat", [], TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.Equal((0, "link show dev lo\nit's $(id)\n"), (echoed.ExitCode, echoed.StandardOutput));
        Assert.Equal((0, ""), (empty.ExitCode, empty.StandardOutput));
    }

    [Fact]
    public async Task StreamLinesAsync_Program_YieldsItsLinesAndExitCode()
    {
        using var host = Open();
        var exit = -1;
        var lines = new List<string>();

        await foreach (var line in host.Processes.StreamLinesAsync("seq", ["3"], code => exit = code, TestContext.Current.CancellationToken).WithCancellation(TestContext.Current.CancellationToken))
        {
            lines.Add(line);
        }

        Assert.Equal(["1", "2", "3"], lines);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void Sysfs_ReadsListsAndLinks_AsTheHostShowsThem()
    {
        Directory.CreateDirectory(Path.Join(_tree, "sys/devices/pci0000:00/0000:00:03.0"));
        Directory.CreateDirectory(Path.Join(_tree, "sys/devices/pci0000:00/0000:00:13.0"));
        Directory.CreateDirectory(Path.Join(_tree, "sys/bus/pci/drivers/igb"));
        File.WriteAllText(Path.Join(_tree, "sys/devices/pci0000:00/0000:00:03.0/sriov_totalvfs"), "7\n");
        File.CreateSymbolicLink(Path.Join(_tree, "sys/devices/pci0000:00/0000:00:03.0/virtfn0"), "../0000:00:13.0");
        File.CreateSymbolicLink(Path.Join(_tree, "sys/devices/pci0000:00/0000:00:03.0/driver"), "../../../bus/pci/drivers/igb");
        using var host = Open();
        var pf = "/sys/devices/pci0000:00/0000:00:03.0";

        Assert.True(host.Sysfs.Exists($"{pf}/sriov_totalvfs"));
        Assert.False(host.Sysfs.Exists($"{pf}/sriov_numvfs"));
        Assert.Equal("7\n", host.Sysfs.ReadText($"{pf}/sriov_totalvfs"));
        Assert.Equal(["driver", "sriov_totalvfs", "virtfn0"], host.Sysfs.List(pf));
        Assert.Empty(host.Sysfs.List("/sys/no-such-folder"));
        Assert.Equal("../0000:00:13.0", host.Sysfs.ReadLink($"{pf}/virtfn0"));
        Assert.Equal("../../../bus/pci/drivers/igb", host.Sysfs.ReadLink($"{pf}/driver"));
        Assert.Null(host.Sysfs.ReadLink($"{pf}/sriov_totalvfs"));
        Assert.Null(host.Sysfs.ReadLink($"{pf}/virtfn1"));
        Assert.Throws<FileNotFoundException>(() => host.Sysfs.ReadText($"{pf}/sriov_numvfs"));
    }

    [Fact]
    public void Sysfs_Write_WritesInPlaceAndFailsWithTheKernelsErrno()
    {
        Directory.CreateDirectory(Path.Join(_tree, "sys"));
        File.WriteAllText(Path.Join(_tree, "sys/attr"), "123\n");
        using var host = Open();

        host.Sysfs.WriteText("/sys/attr", "9");
        var missing = Assert.Throws<SysfsWriteException>(() => host.Sysfs.WriteText("/sys/missing", "1"));
        using var full = new SshHostTransport(new SshConnection(Sshd.Target, Sshd.Credentials), "/");
        var noSpace = Assert.Throws<SysfsWriteException>(() => full.Sysfs.WriteText("/dev/full", "1"));

        Assert.Equal("923\n", File.ReadAllText(Path.Join(_tree, "sys/attr")));
        Assert.False(File.Exists(Path.Join(_tree, "sys/missing")));
        Assert.Equal("ENOENT", missing.Errno);
        Assert.Equal("ENOSPC", noSpace.Errno);
    }

    [Fact]
    public void Sysfs_Snapshot_AnswersLikeTheLiveReadsOfTheSameFolders()
    {
        var pf = "/sys/devices/pci0000:00/0000:00:03.0";
        Directory.CreateDirectory(Path.Join(_tree, pf, "net/eth1"));
        Directory.CreateDirectory(Path.Join(_tree, "sys/devices/pci0000:00/0000:00:13.0"));
        Directory.CreateDirectory(Path.Join(_tree, "sys/bus/pci/drivers/igb"));
        File.WriteAllText(Path.Join(_tree, pf, "sriov_totalvfs"), "7\n");
        File.WriteAllText(Path.Join(_tree, pf, "vendor"), "0x8086\n");
        File.WriteAllText(Path.Join(_tree, pf, "net/eth1/operstate"), "up\n");
        File.WriteAllText(Path.Join(_tree, pf, "config"), "not read: not an attribute asked for\n");
        File.WriteAllText(Path.Join(_tree, pf, "it's $(id)"), "x\n");
        File.WriteAllText(Path.Join(_tree, "sys/devices/pci0000:00/0000:00:13.0/vendor"), "0x8086\n");
        File.CreateSymbolicLink(Path.Join(_tree, pf, "virtfn0"), "../0000:00:13.0");
        File.CreateSymbolicLink(Path.Join(_tree, pf, "driver"), "../../../bus/pci/drivers/igb");
        using var host = Open();
        string[] folders = [pf, "/sys/no-such-folder"];
        string[] attributes = ["sriov_totalvfs", "sriov_numvfs", "vendor", "operstate"];
        var vf = "/sys/devices/pci0000:00/0000:00:13.0";

        var snapshot = host.Sysfs.Snapshot(folders, attributes, ["net", "net/*", "virtfn*", "no-match*"]);
        File.WriteAllText(Path.Join(_tree, pf, "sriov_totalvfs"), "8\n");

        Assert.IsType<SysfsFolderSnapshot>(snapshot);
        Assert.Equal("7\n", snapshot.ReadText($"{pf}/sriov_totalvfs"));
        Assert.Equal("up\n", snapshot.ReadText($"{pf}/net/eth1/operstate"));
        Assert.Equal("8\n", host.Sysfs.ReadText($"{pf}/sriov_totalvfs"));
        Assert.Equal(host.Sysfs.List(pf), snapshot.List(pf));
        Assert.Equal(["eth1"], snapshot.List($"{pf}/net"));
        Assert.Equal(["operstate"], snapshot.List($"{pf}/net/eth1"));
        // virtfn0 is read as the folder it points to.
        Assert.True(snapshot.Exists(vf));
        Assert.Equal(["vendor"], snapshot.List(vf));
        Assert.Equal("0x8086\n", snapshot.ReadText($"{vf}/vendor"));
        Assert.Contains("it's $(id)", snapshot.List(pf));
        Assert.True(snapshot.Exists(pf));
        Assert.False(snapshot.Exists("/sys/no-such-folder"));
        Assert.Empty(snapshot.List("/sys/no-such-folder"));
        Assert.False(snapshot.Exists($"{pf}/sriov_numvfs"));
        Assert.Throws<FileNotFoundException>(() => snapshot.ReadText($"{pf}/sriov_numvfs"));
        Assert.Equal("../0000:00:13.0", snapshot.ReadLink($"{pf}/virtfn0"));
        Assert.Equal("../../../bus/pci/drivers/igb", snapshot.ReadLink($"{pf}/driver"));
        Assert.Null(snapshot.ReadLink($"{pf}/vendor"));
        Assert.Equal("not read: not an attribute asked for\n", snapshot.ReadText($"{pf}/config"));
        Assert.Throws<InvalidOperationException>(() => snapshot.WriteText($"{pf}/vendor", "1"));
    }

    [Fact]
    public void Sysfs_WriteAll_WritesInOrderAndStopsAtTheFirstRefusalNamingItsErrno()
    {
        var quoted = Path.Join(_tree, "sys/b");
        Directory.CreateDirectory(Path.Join(_tree, "sys"));
        File.WriteAllText(Path.Join(_tree, "sys/a"), "000\n");
        File.WriteAllText(Path.Join(_tree, "sys/b"), "000\n");
        using var host = Open();
        using var full = new SshHostTransport(new SshConnection(Sshd.Target, Sshd.Credentials), "/");

        host.Sysfs.WriteAll([new("/sys/a", "1"), new("/sys/b", "it's $(id)\n"), new("/sys/a", "22")]);
        var afterFirst = File.ReadAllText(quoted);
        var missing = Assert.Throws<SysfsWriteException>(() => host.Sysfs.WriteAll([new("/sys/b", "9"), new("/sys/missing", "1"), new("/sys/a", "3")]));
        var noSpace = Assert.Throws<SysfsWriteException>(() => full.Sysfs.WriteAll([new("/dev/full", "1")]));

        // As echo > attr: a regular file is truncated (sysfs attributes ignore it); the value is written as given.
        Assert.Equal("22", File.ReadAllText(Path.Join(_tree, "sys/a")));
        Assert.Equal("9", File.ReadAllText(Path.Join(_tree, "sys/b")));
        Assert.Equal("it's $(id)\n", afterFirst);
        Assert.False(File.Exists(Path.Join(_tree, "sys/missing")));
        Assert.Equal(("/sys/missing", "1", "ENOENT"), (missing.Path, missing.Value, missing.Errno));
        Assert.Equal("ENOSPC", noSpace.Errno);
    }

    [Fact]
    public async Task Files_WriteReadDelete_GoOverSftpWithMode0644()
    {
        using var host = Open(sysfsRoot: "/");
        var path = Path.Join(_tree, "etc/systemd/system/virtsriov-vfs.service");

        await host.Files.WriteAsync(path, "[Unit]\n", TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var read = await host.Files.ReadAsync(path, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var mode = File.GetUnixFileMode(path);
        await host.Files.DeleteAsync(path, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.Equal("[Unit]\n", read);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, mode);
        Assert.False(File.Exists(path));
        Assert.Null(await host.Files.ReadAsync(path, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Open_UnknownHostKey_IsReportedWithItsFingerprintUntilTrusted()
    {
        File.Delete(Sshd.Credentials.KnownHostsPath);
        using var connection = new SshConnection(Sshd.Target, Sshd.Credentials);

        var refused = Assert.Throws<ActionableException>(connection.Open);
        var unknown = Assert.IsType<UnknownHostKeyException>(refused.InnerException);
        new KnownHosts(Sshd.Credentials.KnownHostsPath).Trust(unknown.Target, unknown.KeyType, unknown.Key);
        connection.Open();

        Assert.Equal(await Sshd.HostKeyFingerprintAsync().WaitAsync(Timeout, TestContext.Current.CancellationToken), unknown.Fingerprint);
        Assert.Contains(unknown.Fingerprint, refused.Message, StringComparison.Ordinal);
        Assert.Equal("LibvirtUri", refused.Field);
    }

    [Fact]
    public async Task Confirm_OnlyTheFingerprintTheHostOffers_IsTrusted()
    {
        File.Delete(Sshd.Credentials.KnownHostsPath);
        var offered = await Sshd.HostKeyFingerprintAsync().WaitAsync(Timeout, TestContext.Current.CancellationToken);

        var wrong = Assert.Throws<ActionableException>(() => HostKeyConfirmation.Confirm(Sshd.Target, Sshd.Credentials, "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        var untrusted = File.Exists(Sshd.Credentials.KnownHostsPath);
        HostKeyConfirmation.Confirm(Sshd.Target, Sshd.Credentials, offered);
        using var connection = new SshConnection(Sshd.Target, Sshd.Credentials);
        connection.Open();

        Assert.Contains(offered, wrong.Message, StringComparison.Ordinal);
        Assert.Equal("Fingerprint", wrong.Field);
        Assert.False(untrusted);
    }

    [Fact]
    public void Open_ChangedHostKey_IsRefused()
    {
        File.Delete(Sshd.Credentials.KnownHostsPath);
        var fields = File.ReadAllText(Sshd.Credentials.PublicKeyPath).Split(' ');
        new KnownHosts(Sshd.Credentials.KnownHostsPath).Trust(Sshd.Target, fields[0], Convert.FromBase64String(fields[1]));
        using var connection = new SshConnection(Sshd.Target, Sshd.Credentials);

        var refused = Assert.Throws<ActionableException>(connection.Open);

        Assert.Contains("differs from the one in", refused.Message, StringComparison.Ordinal);
        Assert.IsNotType<UnknownHostKeyException>(refused.InnerException);
    }

    [Fact]
    public void Open_KeyNotAuthorized_SaysWhereThePublicKeyGoes()
    {
        File.WriteAllText(Path.Combine(Sshd.Folder, "authorized_keys"), "");
        using var connection = new SshConnection(Sshd.Target, Sshd.Credentials);

        var refused = Assert.Throws<ActionableException>(connection.Open);

        Assert.Contains("refused the dashboard's SSH key", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Sshd.Credentials.PublicKeyPath, refused.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ConnectionDroppedMidCommand_FailsWithTheCauseThenReconnects()
    {
        using var host = Open();
        var lines = host.Processes.StreamLinesAsync("sh", ["-c", "echo started; exec sleep 60"], null, TestContext.Current.CancellationToken)
            .GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await lines.MoveNextAsync().AsTask().WaitAsync(Timeout, TestContext.Current.CancellationToken));
        var first = lines.Current;

        await Sshd.RestartAsync().WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var lost = await Assert.ThrowsAsync<ActionableException>(() => lines.MoveNextAsync().AsTask().WaitAsync(Timeout, TestContext.Current.CancellationToken));
        var after = await host.Processes.RunAsync("true", [], TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.Equal("started", first);
        Assert.Contains("was lost during", lost.Message, StringComparison.Ordinal);
        Assert.True(after.Succeeded);
        await lines.DisposeAsync();
    }

    public ValueTask DisposeAsync()
    {
        _sshd?.Dispose();
        Directory.Delete(_tree, recursive: true);
        return ValueTask.CompletedTask;
    }

    private SshHostTransport Open(string? sysfsRoot = null)
    {
        var connection = new SshConnection(Sshd.Target, Sshd.Credentials);
        connection.Open();
        return new SshHostTransport(connection, sysfsRoot ?? _tree);
    }
}
