using System.Xml.Linq;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>
/// Free host memory against the planned workers: each worker's RAM (from its domain XML) plus QEMU's overhead, and
/// the memtune hard_limit the Worker VMs step will set for its VFs behind the vIOMMU.
/// </summary>
/// <remarks>
/// A worker that starts with VFs pins all its RAM at once, so a stopped worker needs its whole RAM free. A running
/// worker is counted as already holding its RAM (the host cannot tell how much of it the guest has touched).
/// </remarks>
public sealed class WorkerMemoryCheck : IPreflightCheck
{
    /// <summary>Worker size assumed when the hypervisor cannot show a worker's XML.</summary>
    public const long AssumedWorkerKib = 16L * 1024 * 1024;

    private const string Title = "Memory for the workers";

    private const string Why = "With VFs behind a vIOMMU, QEMU pins the whole guest RAM when a worker starts (VFIO_MAP_DMA); without that much free memory the start fails with \"Cannot allocate memory\" or QEMU is OOM-killed.";

    public string Id => "memory.workers";

    public async Task<IReadOnlyList<StepFinding>> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var meminfo = context.Lab.Sysfs.Exists("/proc/meminfo") ? context.Lab.Sysfs.ReadText("/proc/meminfo") : "";
        var available = MemInfo.Kib(meminfo, "MemAvailable");
        var total = MemInfo.Kib(meminfo, "MemTotal");
        if (available is null || total is null || context.Settings.Workers.Count == 0)
        {
            return [new StepFinding(Id, FindingSeverity.Info, Title, context.Settings.Workers.Count == 0 ? "no workers planned" : "not checked: /proc/meminfo has no MemAvailable/MemTotal")];
        }

        var workers = new List<WorkerMemory>();
        foreach (var name in context.Settings.Workers)
        {
            workers.Add(await ReadAsync(context.Lab.Hypervisor, name, cancellationToken).ConfigureAwait(false));
        }

        var perWorker = workers.Select(w => w.MemoryKib + MemlockCalculator.QemuOverheadKiB).ToList();
        var allKib = perWorker.Sum();
        var toStartKib = workers.Zip(perWorker).Where(pair => !pair.First.Running).Sum(pair => pair.Second);
        var hardLimits = workers
            .Select(w => MemlockCalculator.HardLimitKiB(new DomainMemory(w.MemoryKib, null, false, context.Settings.VfsPerWorker, HasViommu: true)))
            .Distinct()
            .Select(MemInfo.Gib);
        var assumed = workers.Where(w => w.Assumption is not null)
            .GroupBy(w => w.Assumption)
            .Select(g => $"{MemInfo.Gib(AssumedWorkerKib)} and stopped for {string.Join(", ", g.Select(w => w.Name))} ({g.Key})")
            .ToList();
        var observed = $"{workers.Count} worker(s) need {MemInfo.Gib(allKib)} with QEMU's overhead ({string.Join(", ", workers.Select(w => $"{w.Name} {MemInfo.Gib(w.MemoryKib)}{(w.Running ? " running" : "")}"))}); " +
            $"memtune hard_limit {string.Join("/", hardLimits)} each with {context.Settings.VfsPerWorker} VF(s); " +
            $"{MemInfo.Gib(toStartKib)} more to start the stopped ones, {MemInfo.Gib(available.Value)} available of {MemInfo.Gib(total.Value)}" +
            (assumed.Count > 0 ? $"; assumed {string.Join("; ", assumed)}" : "");

        // A size that was only assumed never blocks the run: it is a warning to look at the real workers.
        if (allKib > total && assumed.Count == 0)
        {
            return [new StepFinding(Id, FindingSeverity.Error, Title, observed, Why, $"Give the workers less RAM (virsh setmaxmem/setmem on each, or kcli's worker memory), plan fewer workers, or use a host with more than {MemInfo.Gib(allKib)} of RAM.")];
        }

        return toStartKib > available
            ? [new StepFinding(Id, FindingSeverity.Warning, Title, observed, Why, $"Free at least {MemInfo.Gib(toStartKib - available.Value)} on the hypervisor (stop other VMs), or give the stopped workers less RAM{(assumed.Count > 0 ? "; check the workers' real size with virsh dominfo" : "")}.")]
            : [new StepFinding(Id, FindingSeverity.Ok, Title, observed)];
    }

    private static async Task<WorkerMemory> ReadAsync(IHypervisor hypervisor, string name, CancellationToken cancellationToken)
    {
        try
        {
            var xml = await hypervisor.GetDomainXmlAsync(name, inactive: true, cancellationToken).ConfigureAwait(false);
            var memory = DomainMemory.FromXml(XDocument.Parse(xml).Root!);
            var running = await hypervisor.IsRunningAsync(name, cancellationToken).ConfigureAwait(false);
            return new WorkerMemory(name, memory.MemoryKiB, running, null);
        }
        catch (Exception e) when (e is InvalidOperationException or LibvirtException or KeyNotFoundException)
        {
            return new WorkerMemory(name, AssumedWorkerKib, false, $"domain XML unreadable: {e.Message}");
        }
    }

    private sealed record WorkerMemory(string Name, long MemoryKib, bool Running, string? Assumption);
}
