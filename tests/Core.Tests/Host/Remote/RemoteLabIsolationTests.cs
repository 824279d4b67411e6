using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Host.Remote;

/// <summary>
/// A remote lab's host is another machine: here an sshd whose sessions see another <c>/sys</c> (a generated tree with
/// the simulated lab's NICs, bind-mounted in a mount namespace of its own) while this test sees the real one.
/// </summary>
public sealed class RemoteLabIsolationTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _tree = Path.Join(Directory.CreateTempSubdirectory("virtsriov-remote-host-").FullName, "root");

    [Fact]
    public async Task Preflight_OnRemoteLab_ReadsTheHostsSysfsAndRunsNothingLocally()
    {
        SimulatedSysfsGenerator.Generate(_tree);
        using var sshd = await TestSshd.StartAsync(sysOverlay: Path.Join(_tree, "sys")).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        sshd.TrustHostKey();
        var connection = new SshConnection(sshd.Target, sshd.Credentials);
        connection.Open();
        using var host = new SshHostTransport(connection, "/");
        var lab = new FakeLab(host.Sysfs, processes: host.Processes);

        var pfs = SriovInventory.ReadPhysicalFunctions(host.Sysfs);
        var report = await new PreflightDoctor(TimeProvider.System).ExamineAsync(lab, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        // The simulated PF exists only behind the SSH connection, never in this machine's /sys.
        Assert.False(Directory.Exists($"/sys/bus/pci/devices/{SimulatedLabWorld.DefaultPfAddress}"));
        Assert.Contains(pfs, pf => pf.Address == SimulatedLabWorld.DefaultPfAddress);
        Assert.Contains(report.Findings, f => (f.Title + f.Observed).Contains(SimulatedLabWorld.DefaultPfAddress, StringComparison.Ordinal));
        Assert.False(report.Simulated);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_tree)!, recursive: true);
}
