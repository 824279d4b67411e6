namespace VirtSriov.Core.Host;

/// <summary>
/// vfio's no-IOMMU mode (<c>enable_unsafe_noiommu_mode</c>), the explicit opt-in for a host or worker without an IOMMU
/// (<see cref="Steps.RunSettings.UnsafeNoIommu"/>). Every place it shows carries <see cref="Label"/>.
/// </summary>
public static class UnsafeNoIommu
{
    public const string Label = "UNSAFE: no IOMMU isolation";

    public const string Parameter = "/sys/module/vfio/parameters/enable_unsafe_noiommu_mode";

    public const string Field = nameof(Steps.RunSettings.UnsafeNoIommu);

    /// <summary>What the mode costs and needs; shown with the label in the plan and the step log.</summary>
    public const string Consequences =
        "vfio hands out the VFs without DMA isolation (as /dev/vfio/noiommu-N): a VF can read and write any memory of the machine, "
        + "DPDK must run with --iova-mode=pa as root or with CAP_SYS_RAWIO, and libvirt cannot pass such a VF to a VM. Use it on a throw-away lab only.";

    public static string Warning => $"{Label}: {Consequences}";

    /// <summary>Active IOMMU units (<c>/sys/class/iommu</c>, e.g. dmar0); none means the machine has no IOMMU.</summary>
    public static IReadOnlyList<string> IommuUnits(ISysfs sysfs) => sysfs.List("/sys/class/iommu");

    /// <summary>True when vfio is loaded with enable_unsafe_noiommu_mode=Y; null when the parameter does not exist (vfio not loaded or built without it).</summary>
    public static bool? IsEnabled(ISysfs sysfs) =>
        sysfs.Exists(Parameter) ? sysfs.ReadText(Parameter).Trim() is "Y" or "1" : null;
}
