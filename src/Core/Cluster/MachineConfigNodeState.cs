namespace VirtSriov.Core.Cluster;

/// <summary>
/// A node of a MachineConfigPool as the Machine Config Daemon annotates it (<c>machineconfiguration.openshift.io/
/// currentConfig</c>, <c>desiredConfig</c>, <c>state</c>, <c>reason</c>) with its <c>status.nodeInfo.bootID</c>, which
/// changes once per reboot. A node without a running daemon has none of the annotations.
/// </summary>
public sealed record MachineConfigNodeState(string Name, string? CurrentConfig, string? DesiredConfig, string? State, string? BootId, string? Reason = null)
{
    public const string DoneState = "Done";

    public const string DegradedState = "Degraded";

    public bool HasDaemonAnnotations => CurrentConfig is not null || DesiredConfig is not null || State is not null;

    /// <summary>The daemon finished updating the node to <paramref name="renderedConfig"/>.</summary>
    public bool IsOn(string renderedConfig) => CurrentConfig == renderedConfig && DesiredConfig == renderedConfig && State == DoneState;

    public string Describe() => HasDaemonAnnotations
        ? $"state {State ?? "(none)"}, current {CurrentConfig ?? "(none)"}, desired {DesiredConfig ?? "(none)"}"
        : "no Machine Config Daemon annotations";
}
