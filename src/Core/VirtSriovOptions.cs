namespace VirtSriov.Core;

/// <summary>Settings of the dashboard's core, bound from the <c>VirtSriov</c> configuration section.</summary>
public sealed class VirtSriovOptions
{
    public const string Section = "VirtSriov";

    /// <summary>Folder for the database, the simulated lab's state and data protection keys.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The OpenShift pull secret file kcli deploys clusters with (never copied, never logged).</summary>
    public string PullSecretPath { get; set; } = "~/openshift_pull.json";

    /// <summary>
    /// A published virtsriov CLI (a folder holding VirtSriov.Cli) that the Virtual functions step copies to a host whose
    /// boot unit would otherwise call a CLI that is not there; install.sh's is the default.
    /// </summary>
    public string CliPublishDirectory { get; set; } = "/opt/virtsriov/cli";

    /// <summary>Path of dpdk-testpmd used by the simulated lab.</summary>
    public string TestpmdPath { get; set; } = "/usr/bin/dpdk-testpmd";

    /// <summary>
    /// SIMULATION only: on the simulated lab, each change waits this long after its intent is journaled and before it
    /// is made, as a slow host would. Zero by default; fault tests set it so a kill lands mid-change.
    /// </summary>
    public TimeSpan SimulatedLabChangeDelay { get; set; }
}
