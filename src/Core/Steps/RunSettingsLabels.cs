namespace VirtSriov.Core.Steps;

/// <summary>
/// The words people read for each <see cref="RunSettings"/> field: the wizard's labels and the subject of every
/// settings error message ("VF count is −1"), while APIs keep naming the field by its property (<c>VfCount</c>).
/// </summary>
public static class RunSettingsLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(RunSettings.PfAddress)] = "PF address",
        [nameof(RunSettings.VfCount)] = "VF count",
        [nameof(RunSettings.VfMacPrefix)] = "VF MAC prefix",
        [nameof(RunSettings.VfTrust)] = "VF trust",
        [nameof(RunSettings.VfSpoofCheck)] = "VF spoof checking",
        [nameof(RunSettings.VfVlan)] = "VF VLAN",
        [nameof(RunSettings.Workers)] = "Workers",
        [nameof(RunSettings.VfsPerWorker)] = "VFs per worker",
        [nameof(RunSettings.ClusterName)] = "Cluster name",
        [nameof(RunSettings.ResourcePrefix)] = "Resource prefix",
        [nameof(RunSettings.ResourceName)] = "Resource name",
        [nameof(RunSettings.HugepageSize)] = "Hugepage size",
        [nameof(RunSettings.HugepageCount)] = "Hugepages per worker",
        [nameof(RunSettings.DevicePluginImage)] = "Device plugin image",
        [nameof(RunSettings.TestpmdImage)] = "testpmd image",
        [nameof(RunSettings.TestpmdSeconds)] = "testpmd seconds",
        [nameof(RunSettings.VfPlacement)] = "VF placement",
        [nameof(RunSettings.VfOverrides)] = "VF overrides",
        [nameof(RunSettings.ForceOffWorkers)] = "Force off workers",
        [nameof(RunSettings.DeployClusterWithKcli)] = "Deploy the cluster with kcli",
        [nameof(RunSettings.PersistAcrossReboot)] = "Recreate the VFs at host boot",
        [nameof(RunSettings.UnsafeNoIommu)] = "No-IOMMU mode (unsafe)",
        ["LabId"] = "Lab",
    };

    /// <summary>The label of a field (<c>Workers[1]</c> reads as <c>Workers</c>); an unknown name is returned as it is.</summary>
    public static string For(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var end = field.IndexOfAny(['[', '.']);
        var name = end > 0 ? field[..end] : field;
        return Labels.GetValueOrDefault(name, name);
    }
}
