using System.Text.RegularExpressions;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

/// <summary>
/// The simulated tree and the simulated ip against the real kernel: Data/igb-sysfs-snapshot.json was recorded by
/// <c>virtsriov sysfs-snapshot</c> in the emulated-hardware lab (QEMU igb 82576, Debian 6.1 kernel, iproute2 6.1); the
/// same snapshotter runs here on the simulated X710. Every entry the simulation shows must exist on the real device with
/// the same kind and link shape, the SR-IOV set must be complete, and every probed write and ip command must fail alike.
/// </summary>
public sealed class SysfsFidelityTests : IDisposable
{
    private static readonly string[] SriovPfEntries =
        ["sriov_numvfs", "sriov_totalvfs", "sriov_drivers_autoprobe", "sriov_offset", "sriov_stride", "sriov_vf_device", "virtfn0", "virtfn1"];

    private static readonly string[] DeviceEntries =
        ["driver", "driver_override", "iommu_group", "numa_node", "vendor", "device", "class", "subsystem_vendor", "subsystem_device", "enable"];

    private static readonly Dictionary<string, string> ValueFormats = new(StringComparer.Ordinal)
    {
        ["vendor"] = "^0x[0-9a-f]{4}$",
        ["device"] = "^0x[0-9a-f]{4}$",
        ["subsystem_vendor"] = "^0x[0-9a-f]{4}$",
        ["subsystem_device"] = "^0x[0-9a-f]{4}$",
        ["class"] = "^0x[0-9a-f]{6}$",
        ["numa_node"] = "^-?[0-9]+$",
        ["enable"] = "^[01]$",
        ["sriov_numvfs"] = "^[0-9]+$",
        ["sriov_totalvfs"] = "^[0-9]+$",
        ["sriov_offset"] = "^[0-9]+$",
        ["sriov_stride"] = "^[0-9]+$",
        ["sriov_vf_device"] = "^[0-9a-f]{4}$",
        ["sriov_drivers_autoprobe"] = "^[01]$",
        ["driver_override"] = @"^(\(null\)|vfio-pci)$",
    };

    private readonly HostTestTree tree = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static SysfsSnapshot Real { get; } =
        SysfsSnapshotJson.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Host", "Data", "igb-sysfs-snapshot.json")));

    [Fact]
    public void Real_CheckedInSnapshot_IsFromTheEmulatedIgbLab()
    {
        Assert.StartsWith("emulated lab", Real.Source, StringComparison.Ordinal);
        Assert.Equal(("8086", "10c9", "igb"), (Real.Pf.VendorId, Real.Pf.DeviceId, Real.Pf.Driver));
        Assert.Equal(2, Real.Vfs.Count);
        Assert.All(Real.Vfs, vf => Assert.Equal(("10ca", "vfio-pci"), (vf.DeviceId, vf.Driver)));
    }

    [Fact]
    public async Task CaptureAsync_SimulatedPf_EveryEntryExistsOnTheRealPfAlike()
    {
        var simulated = await CaptureSimulatedAsync();

        AssertSubsetOfReal(simulated.Pf, Real.Pf);
        Assert.All(SriovPfEntries.Concat(DeviceEntries).Append("net"), name => AssertBothHave(name, simulated.Pf, Real.Pf));
    }

    [Fact]
    public async Task CaptureAsync_SimulatedVfs_EveryEntryExistsOnTheRealVfsAlike()
    {
        var simulated = await CaptureSimulatedAsync();

        Assert.Equal(Real.Vfs.Count, simulated.Vfs.Count);
        foreach (var (sim, real) in simulated.Vfs.Zip(Real.Vfs))
        {
            AssertSubsetOfReal(sim, real);
            Assert.All(DeviceEntries.Append("physfn"), name => AssertBothHave(name, sim, real));
            Assert.Null(sim.Entry("sriov_numvfs"));
        }
    }

    [Fact]
    public async Task CaptureAsync_SimulatedValues_HaveTheKernelsFormats()
    {
        var simulated = await CaptureSimulatedAsync();

        foreach (var (sim, real) in simulated.Vfs.Prepend(simulated.Pf).Zip(Real.Vfs.Prepend(Real.Pf)))
        {
            foreach (var (name, format) in ValueFormats)
            {
                if (real.Entry(name) is { } realEntry)
                {
                    Assert.Matches(format, realEntry.Value);
                    Assert.Matches(format, sim.Entry(name)?.Value ?? $"{name} missing in the simulation of {sim.Address}");
                }
            }
        }
    }

    [Fact]
    public async Task CaptureAsync_SimulatedWrites_FailWithTheKernelsErrno()
    {
        var simulated = await CaptureSimulatedAsync();

        Assert.Equal(Real.Writes.Select(w => (w.Id, w.Errno)), simulated.Writes.Select(w => (w.Id, w.Errno)));
        Assert.Equal("EBUSY", Real.Write("numvfs.over-nonzero")!.Errno);
        Assert.Equal("ERANGE", Real.Write("numvfs.above-total")!.Errno);
        Assert.Equal("EINVAL", Real.Write("numvfs.garbage")!.Errno);
    }

    [Fact]
    public async Task CaptureAsync_SimulatedIp_AnswersLikeIproute2OnTheKernel()
    {
        var simulated = await CaptureSimulatedAsync();
        var realNetdev = Real.Ip("show")!.Arguments[^1];

        Assert.Equal(Real.IpLink.Select(p => p.Id), simulated.IpLink.Select(p => p.Id));
        foreach (var (sim, real) in simulated.IpLink.Zip(Real.IpLink))
        {
            Assert.Equal((real.Id, real.ExitCode, real.StandardError.Replace(realNetdev, "ens1f0", StringComparison.Ordinal)), (sim.Id, sim.ExitCode, sim.StandardError));
        }

        foreach (var id in new[] { "show", "show.after-reset" })
        {
            Assert.Equal(VfLines(Real.Ip(id)!), VfLines(simulated.Ip(id)!));
            Assert.Equal(IpLinkVfParser.Parse(Real.Ip(id)!.StandardOutput), IpLinkVfParser.Parse(simulated.Ip(id)!.StandardOutput));
            Assert.All([Real.Ip(id)!, simulated.Ip(id)!], p => Assert.Matches(HeaderFormat(), p.StandardOutput.Split('\n')[0]));
        }
    }

    public void Dispose() => tree.Dispose();

    private Task<SysfsSnapshot> CaptureSimulatedAsync() =>
        new SysfsSnapshotter(tree.Sysfs, FakeLab.SimulatedIp(tree.Sysfs), TimeProvider.System)
            .CaptureAsync("simulated lab", SimulatedLabWorld.DefaultPfAddress, 2, Token);

    private static void AssertSubsetOfReal(SysfsDeviceSnapshot simulated, SysfsDeviceSnapshot real)
    {
        foreach (var entry in simulated.Entries)
        {
            var twin = real.Entry(entry.Name);
            Assert.True(twin is not null, $"{simulated.Address}/{entry.Name} is simulated but {real.Address} has no such entry on the kernel");
            Assert.Equal((entry.Name, entry.Kind, entry.LinkShape), (twin.Name, twin.Kind, twin.LinkShape));
        }
    }

    private static void AssertBothHave(string name, SysfsDeviceSnapshot simulated, SysfsDeviceSnapshot real)
    {
        Assert.True(real.Entry(name) is not null, $"the kernel's {real.Address} has no {name}");
        Assert.True(simulated.Entry(name) is not null, $"the simulated {simulated.Address} lacks {name}, which the kernel's {real.Address} has");
    }

    private static string[] VfLines(IpLinkProbe probe) =>
        probe.StandardOutput.Split('\n').Where(l => l.StartsWith("    vf ", StringComparison.Ordinal)).ToArray();

    private static Regex HeaderFormat() =>
        new(@"^\d+: [a-z0-9]+: <[A-Z_,-]+> mtu \d+ qdisc [a-z]+ state (UP|DOWN) mode DEFAULT group default qlen \d+$");
}
