namespace VirtSriov.Core.Steps;

/// <summary>The name people read for each step, in the wizard, the log, history and API messages.</summary>
public static class StepNames
{
    public static string DisplayName(this StepKind step) => step switch
    {
        StepKind.Preflight => "Preflight",
        StepKind.VirtualFunctions => "Virtual functions",
        StepKind.Cluster => "Cluster",
        StepKind.WorkerVms => "Worker VMs",
        StepKind.NodeTuning => "Node tuning",
        StepKind.DevicePlugin => "Device plugin",
        StepKind.DpdkTest => "DPDK test",
        _ => step.ToString(),
    };
}
