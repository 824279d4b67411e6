using VirtSriov.Core.Runs;

namespace VirtSriov.Web.Components.Controls;

/// <summary>The wizard form's editable copy of <see cref="RunSettings"/> (workers as comma-separated text).</summary>
public sealed class RunSettingsModel
{
    private static readonly RunSettings Defaults = new();

    public string PfAddress { get; set; } = "0000:3b:00.0";

    public int VfCount { get; set; } = Defaults.VfCount;

    public string Workers { get; set; } = string.Join(", ", Defaults.Workers);

    public int VfsPerWorker { get; set; } = Defaults.VfsPerWorker;

    public string ClusterName { get; set; } = Defaults.ClusterName;

    public string ResourcePrefix { get; set; } = Defaults.ResourcePrefix;

    public string ResourceName { get; set; } = Defaults.ResourceName;

    public string HugepageSize { get; set; } = Defaults.HugepageSize;

    public int HugepageCount { get; set; } = Defaults.HugepageCount;

    public string DevicePluginImage { get; set; } = Defaults.DevicePluginImage;

    public string TestpmdImage { get; set; } = Defaults.TestpmdImage;

    public int TestpmdSeconds { get; set; } = Defaults.TestpmdSeconds;

    public RunSettings ToSettings() => new()
    {
        PfAddress = PfAddress.Trim(),
        VfCount = VfCount,
        Workers = [.. Workers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        VfsPerWorker = VfsPerWorker,
        ClusterName = ClusterName.Trim(),
        ResourcePrefix = ResourcePrefix.Trim(),
        ResourceName = ResourceName.Trim(),
        HugepageSize = HugepageSize,
        HugepageCount = HugepageCount,
        DevicePluginImage = DevicePluginImage.Trim(),
        TestpmdImage = TestpmdImage.Trim(),
        TestpmdSeconds = TestpmdSeconds,
    };
}
