namespace VirtSriov.Core.Labs.Emulated;

/// <summary>Measured durations in seconds; null for a phase that did not run.</summary>
/// <param name="GuestUptimeAtStart">/proc/uptime when lab-run started: the guest's boot time in the emulated lab.</param>
/// <param name="Preflight">The preflight doctor.</param>
/// <param name="PfLinkUp">From <c>ip link set … up</c> until the PF's operstate is up.</param>
/// <param name="CreateToAllBound">Virtual functions Apply: from writing sriov_numvfs until every VF is on vfio-pci.</param>
/// <param name="TestpmdStartup">From starting dpdk-testpmd until it forwards.</param>
/// <param name="Total">The whole lab run.</param>
public sealed record LabTimings(
    double? GuestUptimeAtStart = null,
    double? Preflight = null,
    double? PfLinkUp = null,
    double? CreateToAllBound = null,
    double? TestpmdStartup = null,
    double? Total = null);
