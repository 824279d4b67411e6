using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Lab.Tests.TestSupport;

namespace VirtSriov.Lab.Tests.EmulatedLab;

/// <summary>
/// Re-captures the igb sysfs snapshot live in the emulated-hardware lab and compares it with the one checked in as the
/// simulation's reference (tests/Core.Tests/Host/Data/igb-sysfs-snapshot.json): when the kernel, QEMU or iproute2 change
/// what they show, this test fails and says to re-capture, so the reference cannot silently go stale.
/// </summary>
public sealed class SysfsSnapshotLabTests
{
    private static readonly TimeSpan GuestTimeout = TimeSpan.FromMinutes(3);

    public static string CheckedInPath { get; } =
        Path.Combine(VirtsriovCli.RepositoryRoot, "tests", "Core.Tests", "Host", "Data", "igb-sysfs-snapshot.json");

    [Fact]
    public async Task SysfsSnapshot_LiveInEmulatedLab_MatchesTheCheckedInReference()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var notReady = await EmulatedLabHost.PrepareAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        Assert.SkipWhen(notReady is not null, $"SKIPPED: THE EMULATED SR-IOV LAB CANNOT RUN HERE: {notReady}");
        var job = Directory.CreateTempSubdirectory("virtsriov-lab-snapshot-").FullName;
        var reference = SysfsSnapshotJson.Deserialize(await File.ReadAllTextAsync(CheckedInPath, cancellationToken));

        // Act
        var run = await EmulatedLabHost.RunAsync(
            job,
            ["dotnet", VirtsriovCli.DllPath, "sysfs-snapshot", "--pf", "auto", "--vfs", "2", "--out", "snapshot.json"],
            GuestTimeout,
            cancellationToken).WaitAsync(GuestTimeout + TimeSpan.FromMinutes(1), cancellationToken);

        // Assert
        var path = Path.Combine(job, "snapshot.json");
        Assert.True(File.Exists(path), $"run.sh exit {run.ExitCode}, no snapshot.json; {run.StandardError}");
        var live = SysfsSnapshotJson.Deserialize(await File.ReadAllTextAsync(path, cancellationToken));
        var recapture = $" The lab now shows something else than the reference (kernel {live.KernelRelease} vs {reference.KernelRelease}): review the difference, then copy {path} to {CheckedInPath} and run the Core fidelity tests.";
        Assert.True(Shape(reference.Pf).SequenceEqual(Shape(live.Pf)), "PF entries differ." + recapture);
        Assert.True(reference.Vfs.Select(Shape).SelectMany(s => s).SequenceEqual(live.Vfs.Select(Shape).SelectMany(s => s)), "VF entries differ." + recapture);
        Assert.True(reference.Writes.Select(w => (w.Id, w.Errno)).SequenceEqual(live.Writes.Select(w => (w.Id, w.Errno))), "Write errors differ." + recapture);
        Assert.True(
            reference.IpLink.Select(p => (p.Id, p.ExitCode, p.StandardError)).SequenceEqual(live.IpLink.Select(p => (p.Id, p.ExitCode, p.StandardError))),
            "ip answers differ." + recapture);
        Assert.Equal(IpLinkVfParser.Parse(reference.Ip("show")!.StandardOutput), IpLinkVfParser.Parse(live.Ip("show")!.StandardOutput));
    }

    private static IEnumerable<(string Name, string Kind, string? Shape)> Shape(SysfsDeviceSnapshot device) =>
        device.Entries.Select(e => (e.Name, e.Kind, e.LinkShape));
}
