using System.Globalization;
using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>Available host memory (/proc/meminfo MemAvailable).</summary>
public sealed class MemoryCheck : SysfsCheck
{
    /// <summary>
    /// With a vIOMMU every VFIO device pins the whole guest RAM, so a worker VM that starts needs its memory free at
    /// once; below this the next worker start is likely to fail with "Cannot allocate memory".
    /// </summary>
    public const long MinimumAvailableKib = 8L * 1024 * 1024;

    public override string Id => "memory";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        var meminfo = TryRead(sysfs, "/proc/meminfo") ?? "";
        var available = MemInfo.Kib(meminfo, "MemAvailable");
        var total = MemInfo.Kib(meminfo, "MemTotal");
        if (available is null || total is null)
        {
            yield return new StepFinding("memory.available", FindingSeverity.Warning, "Free memory", "/proc/meminfo has no MemAvailable/MemTotal", "Worker VMs pin their RAM while VFs are attached.", "Check /proc/meminfo on the hypervisor.");
            yield break;
        }

        var observed = string.Create(CultureInfo.InvariantCulture, $"{available.Value / 1048576.0:0.0} GiB available of {total.Value / 1048576.0:0.0} GiB");
        yield return available >= MinimumAvailableKib
            ? new StepFinding("memory.available", FindingSeverity.Ok, "Free memory", observed)
            : new StepFinding(
                "memory.available",
                FindingSeverity.Warning,
                "Free memory",
                observed,
                "A worker with VFs behind a vIOMMU pins all its RAM when it starts (VFIO_MAP_DMA); with too little free memory it fails or QEMU is OOM-killed.",
                "Free memory on the hypervisor or give the worker VMs less RAM.");
    }
}
