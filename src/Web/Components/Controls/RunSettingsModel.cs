using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>
/// The wizard form's editable copy of <see cref="RunSettings"/>: workers as comma-separated text, VF overrides as
/// <c>worker=VF,VF; worker=VF</c> text.
/// </summary>
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

    public VfPlacementMode VfPlacement { get; set; } = Defaults.VfPlacement;

    /// <summary>E.g. <c>virtsriov-worker-0=0000:3b:02.0,0000:3b:02.1; virtsriov-worker-1=0000:3b:02.2</c>; empty for none.</summary>
    public string VfOverrides { get; set; } = "";

    public bool ForceOffWorkers { get; set; } = Defaults.ForceOffWorkers;

    public bool DeployClusterWithKcli { get; set; } = Defaults.DeployClusterWithKcli;

    public string VfMacPrefix { get; set; } = Defaults.VfMacPrefix;

    public int? VfVlan { get; set; } = Defaults.VfVlan;

    public bool VfTrust { get; set; } = Defaults.VfTrust;

    public bool VfSpoofCheck { get; set; } = Defaults.VfSpoofCheck;

    public bool PersistAcrossReboot { get; set; } = Defaults.PersistAcrossReboot;

    public bool UnsafeNoIommu { get; set; } = Defaults.UnsafeNoIommu;

    /// <exception cref="RunSettingsException">The VF overrides text is not <c>worker=VF,VF; worker=VF</c>.</exception>
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
        VfPlacement = VfPlacement,
        VfOverrides = ParseOverrides(VfOverrides),
        ForceOffWorkers = ForceOffWorkers,
        DeployClusterWithKcli = DeployClusterWithKcli,
        VfMacPrefix = VfMacPrefix.Trim(),
        VfVlan = VfVlan,
        VfTrust = VfTrust,
        VfSpoofCheck = VfSpoofCheck,
        PersistAcrossReboot = PersistAcrossReboot,
        UnsafeNoIommu = UnsafeNoIommu,
    };

    /// <summary>Only the syntax is checked here; the engine checks workers and addresses and reports them per field.</summary>
    private static Dictionary<string, IReadOnlyList<string>> ParseOverrides(string text)
    {
        const string example = "virtsriov-worker-0=0000:3b:02.0,0000:3b:02.1; virtsriov-worker-1=0000:3b:02.2";
        var overrides = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', StringSplitOptions.TrimEntries);
            var error = parts.Length != 2 || parts[0].Length == 0 ? $"'{entry}' is not worker=VF address[,VF address]; write e.g. {example}."
                : overrides.ContainsKey(parts[0]) ? $"Worker {parts[0]} is listed twice; put all its VFs in one entry."
                : null;
            if (error is not null)
            {
                throw new RunSettingsException([new FieldError(nameof(VfOverrides), error)]);
            }

            overrides[parts[0]] = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return overrides;
    }
}
