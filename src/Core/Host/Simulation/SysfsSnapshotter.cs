using System.Globalization;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Simulation;

/// <summary>
/// Takes a <see cref="SysfsSnapshot"/> of one SR-IOV PF: creates VFs (autoprobe off), binds them to vfio-pci,
/// records the PF's and the VFs' directories, tries the writes the Virtual functions step relies on failing
/// (non-zero over non-zero, above sriov_totalvfs, garbage, read-only files, wrong unbind) and the <c>ip link</c>
/// VF settings, then puts the PF back as it was found. Changes the host while it runs: for lab machines.
/// The same code runs on the real kernel (the emulated-hardware lab) and on the simulated tree.
/// </summary>
public sealed class SysfsSnapshotter(ISysfs sysfs, IProcessRunner processes, TimeProvider time)
{
    /// <summary>Attributes whose content a snapshot records, because the product parses them.</summary>
    public static IReadOnlySet<string> RecordedValues { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "vendor", "device", "class", "subsystem_vendor", "subsystem_device", "numa_node", "driver_override", "enable",
        "sriov_numvfs", "sriov_totalvfs", "sriov_offset", "sriov_stride", "sriov_vf_device", "sriov_drivers_autoprobe",
    };

    private static readonly TimeSpan VfTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<SysfsSnapshot> CaptureAsync(string source, string pfAddress, int vfCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vfCount, 1);
        var pf = SriovInventory.ReadPhysicalFunction(sysfs, pfAddress) is { IsSriovCapable: true } found
            ? found
            : throw new ActionableException($"{pfAddress} is not an SR-IOV PF on this host.", "Pass --pf with the address of an SR-IOV PF (ls /sys/bus/pci/devices/*/sriov_totalvfs).", field: "--pf");
        if (pf.NumVfs != 0)
        {
            throw new ActionableException($"{pfAddress} already has {pf.NumVfs} VFs.", "Take the snapshot on a PF without VFs (echo 0 > sriov_numvfs), so that it records a fresh PF.", field: "--pf");
        }

        var device = $"{SysfsPaths.PciDevices}/{pfAddress}";
        try
        {
            sysfs.WriteText($"{device}/sriov_drivers_autoprobe", "0");
            sysfs.WriteText($"{device}/sriov_numvfs", vfCount.ToString(CultureInfo.InvariantCulture));
            var vfs = await WaitForVfsAsync(pfAddress, vfCount, cancellationToken);
            foreach (var vf in vfs)
            {
                BindToVfio(vf.Address);
            }

            var writes = ProbeWrites(pf, vfs[0].Address);
            var ip = pf.Netdev is { } netdev ? await ProbeIpLinkAsync(netdev, vfCount, cancellationToken) : [];
            return new SysfsSnapshot(
                source,
                sysfs.Exists("/proc/sys/kernel/osrelease") ? sysfs.ReadText("/proc/sys/kernel/osrelease").Trim() : null,
                Device(pfAddress),
                vfs.Select(vf => Device(vf.Address)).ToList(),
                writes,
                ip);
        }
        finally
        {
            sysfs.WriteText($"{device}/sriov_numvfs", "0");
            sysfs.WriteText($"{device}/sriov_drivers_autoprobe", pf.DriversAutoprobe ? "1" : "0");
        }
    }

    private async Task<IReadOnlyList<VirtualFunctionInfo>> WaitForVfsAsync(string pfAddress, int count, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (true)
        {
            var vfs = SriovInventory.ReadVirtualFunctions(sysfs, pfAddress);
            if (vfs.Count == count)
            {
                return vfs;
            }

            if (time.GetElapsedTime(start) > VfTimeout)
            {
                throw new ActionableException($"{pfAddress} shows {vfs.Count} of {count} VFs after {VfTimeout.TotalSeconds:0} s.", "Look at the kernel log (dmesg).");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private void BindToVfio(string address)
    {
        if (!sysfs.Exists($"/sys/bus/pci/drivers/{VfPlanner.VfioDriver}"))
        {
            return;
        }

        sysfs.WriteText($"{SysfsPaths.PciDevices}/{address}/driver_override", VfPlanner.VfioDriver);
        sysfs.WriteText("/sys/bus/pci/drivers_probe", address);
    }

    private List<SysfsWriteProbe> ProbeWrites(PhysicalFunctionInfo pf, string firstVf)
    {
        var device = $"{SysfsPaths.PciDevices}/{pf.Address}";
        var numvfs = $"{device}/sriov_numvfs";
        var current = sysfs.ReadText(numvfs).Trim();
        return
        [
            Try("numvfs.same", numvfs, current),
            Try("numvfs.over-nonzero", numvfs, (int.Parse(current, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)),
            Try("numvfs.above-total", numvfs, (pf.TotalVfs + 1).ToString(CultureInfo.InvariantCulture)),
            Try("numvfs.garbage", numvfs, "many"),
            Try("numvfs.negative", numvfs, "-1"),
            Try("autoprobe.garbage", $"{device}/sriov_drivers_autoprobe", "maybe"),
            Try("totalvfs.read-only", $"{device}/sriov_totalvfs", "1"),
            Try("vf.vendor.read-only", $"{SysfsPaths.PciDevices}/{firstVf}/vendor", "0x8086"),
            Try("unbind.wrong-driver", $"/sys/bus/pci/drivers/{pf.Driver}/unbind", firstVf),
            Try("drivers_probe.no-device", "/sys/bus/pci/drivers_probe", "0000:ff:1f.7"),
            Try("missing-file", $"{device}/no_such_attribute", "1"),
        ];
    }

    private SysfsWriteProbe Try(string id, string path, string value)
    {
        try
        {
            sysfs.WriteText(path, value);
            return new SysfsWriteProbe(id, path, value, null);
        }
        catch (SysfsWriteException e)
        {
            return new SysfsWriteProbe(id, path, value, e.Errno);
        }
    }

    private async Task<IReadOnlyList<IpLinkProbe>> ProbeIpLinkAsync(string netdev, int vfCount, CancellationToken cancellationToken)
    {
        var last = (vfCount - 1).ToString(CultureInfo.InvariantCulture);
        string[] Vf(string index, params string[] settings) => ["link", "set", "dev", netdev, "vf", index, .. settings];
        var probes = new List<IpLinkProbe>
        {
            await RunAsync("vf.set-all", Vf("0", "mac", "02:76:73:00:00:10", "trust", "on", "spoofchk", "off", "vlan", "10"), cancellationToken),
            await RunAsync("vf.set-mac-only", Vf(last, "mac", "02:76:73:00:00:11"), cancellationToken),
            await RunAsync("show", ["link", "show", "dev", netdev], cancellationToken),
            await RunAsync("vf.multicast-mac", Vf("0", "mac", "03:76:73:00:00:10"), cancellationToken),
            await RunAsync("vf.malformed-mac", Vf("0", "mac", "02:76:73:00:00"), cancellationToken),
            await RunAsync("vf.vlan-4096", Vf("0", "vlan", "4096"), cancellationToken),
            await RunAsync("vf.no-such-vf", Vf(vfCount.ToString(CultureInfo.InvariantCulture), "trust", "on"), cancellationToken),
            await RunAsync("vf.trust-garbage", Vf("0", "trust", "maybe"), cancellationToken),
            await RunAsync("no-such-device", ["link", "set", "dev", "virtsriov-none", "vf", "0", "trust", "on"], cancellationToken),
            await RunAsync("vf.reset", Vf("0", "vlan", "0", "trust", "off", "spoofchk", "on"), cancellationToken),
            await RunAsync("show.after-reset", ["link", "show", "dev", netdev], cancellationToken),
        };
        return probes;
    }

    private async Task<IpLinkProbe> RunAsync(string id, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await processes.RunAsync("ip", arguments, cancellationToken).ConfigureAwait(false);
        return new IpLinkProbe(id, arguments, result.ExitCode, result.StandardOutput, result.StandardError);
    }

    private SysfsDeviceSnapshot Device(string address)
    {
        var directory = $"{SysfsPaths.PciDevices}/{address}";
        var entries = sysfs.List(directory)
            .Select(name => Entry(directory, name))
            .ToList();
        return new SysfsDeviceSnapshot(
            address,
            SriovInventory.ReadId(sysfs, $"{directory}/vendor"),
            SriovInventory.ReadId(sysfs, $"{directory}/device"),
            sysfs.ReadLink($"{directory}/driver") is { } driver ? Path.GetFileName(driver) : null,
            entries);
    }

    private SysfsEntrySnapshot Entry(string directory, string name)
    {
        var path = $"{directory}/{name}";
        if (sysfs.ReadLink(path) is { } target)
        {
            return new SysfsEntrySnapshot(name, SysfsEntrySnapshot.LinkKind, target, SysfsLinkShape.Of(target));
        }

        // ISysfs tells a directory only by its entries: an empty directory is recorded as a file (none of the compared ones is).
        return sysfs.List(path).Count > 0
            ? new SysfsEntrySnapshot(name, SysfsEntrySnapshot.DirectoryKind)
            : new SysfsEntrySnapshot(name, SysfsEntrySnapshot.FileKind, Value: RecordedValues.Contains(name) ? sysfs.ReadText(path).Trim() : null);
    }

}
