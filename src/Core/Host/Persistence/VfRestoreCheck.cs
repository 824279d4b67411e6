using System.Globalization;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// After a reboot: are the VFs the Virtual functions step made back, as its plan recorded them (count, each VF's MAC,
/// vfio-pci binding), and did the boot unit bring them back before libvirt started? Reads only.
/// </summary>
public static class VfRestoreCheck
{
    public static async Task<IReadOnlyList<RebootCheckItem>> CheckAsync(ILabEnvironment lab, RunSettings settings, VfPlan recorded, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(recorded);
        var vfs = SriovInventory.ReadVirtualFunctions(lab.Sysfs, recorded.PfAddress);
        var items = new List<RebootCheckItem>
        {
            new($"VFs of {recorded.PfAddress}", Count(recorded.TargetCount), Count(vfs.Count), vfs.Count == recorded.TargetCount),
        };

        if (recorded.PfNetdev is { } netdev && recorded.Links.Any(l => l.Mac is not null))
        {
            var context = new StepContext(Guid.Empty, settings, lab, new SilentStepLog(), time);
            var links = await VfLinkConfigurator.ReadAsync(context, netdev, cancellationToken).ConfigureAwait(false);
            items.AddRange(recorded.Links.Where(l => l.Mac is not null).Select(l =>
            {
                var found = links.FirstOrDefault(a => a.Index == l.Index)?.Mac ?? "no such VF";
                return new RebootCheckItem($"MAC of VF {l.Index.ToString(CultureInfo.InvariantCulture)}", l.Mac!, found, string.Equals(found, l.Mac, StringComparison.OrdinalIgnoreCase));
            }));
        }

        items.AddRange(recorded.PredictedVfAddresses.Select(address =>
        {
            var driver = vfs.FirstOrDefault(v => v.Address == address) is { } vf ? vf.Driver ?? "no driver" : "no such VF";
            return new RebootCheckItem($"driver of {address}", VfPlanner.VfioDriver, driver, driver == VfPlanner.VfioDriver);
        }));

        var order = await BootOrder.ReadAsync(lab, cancellationToken).ConfigureAwait(false);
        items.Add(new RebootCheckItem($"{VfPersistenceFiles.UnitName} before libvirt", "ran, exit 0, finished before libvirt started", order.Describe(), order.UnitBeforeLibvirt));
        return items;
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>The check reads only; its commands need no log.</summary>
    private sealed class SilentStepLog : IStepLog
    {
        public void Write(RunLogLevel level, string text)
        {
        }

        public void Throughput(ThroughputSample sample)
        {
        }

        public void Rollout(IReadOnlyList<NodeRolloutRow> nodes)
        {
        }
    }
}
