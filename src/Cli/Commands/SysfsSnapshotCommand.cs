using System.CommandLine;
using VirtSriov.Cli.Hosting;
using VirtSriov.Cli.LabRun;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Steps;

namespace VirtSriov.Cli.Commands;

/// <summary>
/// <c>virtsriov sysfs-snapshot --pf auto --vfs 2 --out snapshot.json</c>: records an SR-IOV PF's and its VFs' sysfs
/// entries, the errno of the writes the product relies on failing and the <c>ip link</c> VF answers, so that the
/// simulated tree can be checked against the real kernel. Creates and removes VFs: for the emulated lab guest.
/// </summary>
public static class SysfsSnapshotCommand
{
    public static Command Create()
    {
        var pf = new Option<string>("--pf") { Description = "PF PCI address, or auto (igb 82576, else the first Intel SR-IOV PF)", DefaultValueFactory = _ => LabRunOptions.AutoPf };
        var vfs = new Option<int>("--vfs") { Description = "VFs to create while recording (at least 1)", DefaultValueFactory = _ => 2 };
        var output = new Option<string>("--out") { Description = "Where to write the snapshot JSON", DefaultValueFactory = _ => "sysfs-snapshot.json" };
        var command = new Command("sysfs-snapshot", "Record an SR-IOV PF's sysfs files, links and write errors, for the simulation's fidelity test") { pf, vfs, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var lab = new CliHostLab();
            try
            {
                var address = Resolve(lab.Sysfs, parse.GetValue(pf)!);
                var source = Environment.GetEnvironmentVariable("VIRTSRIOV_LAB_GUEST") == "1" ? "emulated lab (QEMU igb)" : $"host {Environment.MachineName}";
                var snapshot = await new SysfsSnapshotter(lab.Sysfs, lab.Processes, TimeProvider.System)
                    .CaptureAsync(source, address, parse.GetValue(vfs), cancellationToken);
                await File.WriteAllTextAsync(parse.GetValue(output)!, SysfsSnapshotJson.Serialize(snapshot), cancellationToken);
                await Console.Error.WriteLineAsync($"{address}: {snapshot.Pf.Entries.Count} PF entries, {snapshot.Vfs.Count} VFs, {snapshot.Writes.Count} write probes, {snapshot.IpLink.Count} ip probes");
                return 0;
            }
            catch (ActionableException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}\nfix: {e.Fix}");
                return 1;
            }
        });
        return command;
    }

    private static string Resolve(ISysfs sysfs, string requested)
    {
        if (requested != LabRunOptions.AutoPf)
        {
            return requested;
        }

        var intel = SriovInventory.ReadPhysicalFunctions(sysfs).Where(p => p.IsIntel && p.IsSriovCapable).ToList();
        var pf = intel.OrderBy(p => p.DeviceId == LabRunner.Igb82576DeviceId ? 0 : 1).FirstOrDefault();
        return pf?.Address ?? throw new ActionableException("No Intel SR-IOV PF on this host.", "Load the NIC's driver (modprobe igb, i40e or ice), or pass --pf.", field: "--pf");
    }
}
