using System.Globalization;
using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>Host hugepage pools (1 GiB and 2 MiB): optional backing for the worker VMs' RAM.</summary>
public sealed class HugepagesCheck : SysfsCheck
{
    private const string Pools = "/sys/kernel/mm/hugepages";

    public override string Id => "hugepages";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        var pools = sysfs.List(Pools)
            .Select(pool => (Name: pool, Total: Count(sysfs, $"{Pools}/{pool}/nr_hugepages"), Free: Count(sysfs, $"{Pools}/{pool}/free_hugepages")))
            .ToList();
        var observed = pools.Count == 0
            ? "no hugepage pools in /sys/kernel/mm/hugepages"
            : string.Join(", ", pools.Select(p => $"{Size(p.Name)}: {p.Free} free of {p.Total}"));
        yield return pools.Any(p => p.Free > 0)
            ? new StepFinding("hugepages.host", FindingSeverity.Ok, "Host hugepages", observed)
            : new StepFinding(
                "hugepages.host",
                FindingSeverity.Info,
                "Host hugepages",
                observed,
                "Backing worker RAM with 1 GiB hugepages cuts the number of IOMMU mappings (the DMA entry limit) and TLB misses; without them the workers use normal pages.",
                "Reserve them at boot: add \"default_hugepagesz=1G hugepagesz=1G hugepages=<N>\" to the kernel command line and reboot.");
    }

    private static int Count(ISysfs sysfs, string path) =>
        int.TryParse(TryRead(sysfs, path)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;

    /// <summary><c>hugepages-1048576kB</c> → <c>1G</c>, <c>hugepages-2048kB</c> → <c>2M</c>.</summary>
    private static string Size(string pool) =>
        int.TryParse(pool.Replace("hugepages-", "", StringComparison.Ordinal).Replace("kB", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
            ? kib >= 1024 * 1024 ? $"{kib / (1024 * 1024)}G" : $"{kib / 1024}M"
            : pool;
}
