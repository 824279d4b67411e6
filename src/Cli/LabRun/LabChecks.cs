using System.Globalization;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Cli.LabRun;

/// <summary>What a lab run must show, judged from its result alone.</summary>
public static class LabChecks
{
    public static IReadOnlyList<LabCheck> Evaluate(LabRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var iommu = result.Preflight?.Findings.FirstOrDefault(f => f.Id == "iommu.enabled");
        var pf = result.Pf;
        var vfs = result.Vfs;
        var testpmdVfs = vfs.Take(result.Options.TestpmdVfs).ToList();
        var checks = new List<LabCheck>
        {
            new("iommu.enabled", iommu?.Severity == FindingSeverity.Ok, iommu?.Observed ?? "preflight did not run"),
            new(
                "pf.sriov",
                pf is { IsSriovCapable: true, IsIntel: true },
                pf is null ? "no PF" : $"{pf.Address} {pf.VendorId}:{pf.DeviceId} {pf.Driver}, sriov_totalvfs {pf.TotalVfs}"),
            new("vfs.created", vfs.Count == result.Options.VfCount, $"{vfs.Count} of {result.Options.VfCount} VFs"),
            new(
                "vfs.vfio",
                vfs.Count > 0 && vfs.All(vf => vf.Driver == "vfio-pci" && vf.IommuGroup is not null),
                string.Join(", ", vfs.Select(vf => $"{vf.Address}={vf.Driver ?? "none"}/group {vf.IommuGroup?.ToString(CultureInfo.InvariantCulture) ?? "none"}"))),
            new(
                "vfs.settings",
                vfs.Count > 0 && vfs.All(vf => vf.Mac is { } mac && mac != "00:00:00:00:00:00" && vf.Trust == true && vf.SpoofCheck == false),
                string.Join(", ", vfs.Select(vf => $"vf {vf.Index} mac {vf.Mac ?? "none"} trust {Flag(vf.Trust)} spoofchk {Flag(vf.SpoofCheck)}"))),
        };
        if (result.Options.TestpmdSeconds > 0)
        {
            var testpmd = result.Testpmd;
            checks.Add(new("testpmd.unprivileged", testpmd?.Uid is { } uid && uid != 0, $"uid {testpmd?.Uid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}"));
            checks.Add(new("testpmd.iova-va", testpmd?.IovaMode == "VA", $"IOVA mode {testpmd?.IovaMode ?? "unknown"}"));
            var ports = testpmd?.Summary.Ports ?? [];
            checks.Add(new(
                "testpmd.forwarded",
                testpmd is { Summary.Failures.Count: 0 } && ports.Count > 0 && ports.Count == testpmdVfs.Count
                    && ports.All(p => p.PeakRxPps > 0 && p.PeakTxPps > 0 && p.RxPackets > 0 && p.TxPackets > 0),
                testpmd is null || ports.Count == 0
                    ? "no statistics"
                    : TestpmdResultText.Describe(testpmd.Summary) + " " + string.Join("; ", ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"port {p.Port}: peak Rx {p.PeakRxPps} pps, peak Tx {p.PeakTxPps} pps, {p.RxPackets} Rx / {p.TxPackets} Tx packets")))));
        }

        return checks;
    }

    private static string Flag(bool? value) => value switch
    {
        true => "on",
        false => "off",
        null => "unknown",
    };
}
