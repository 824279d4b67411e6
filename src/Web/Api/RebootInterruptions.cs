namespace VirtSriov.Web.Api;

/// <summary>What rebooting a run's hypervisor interrupts, shown before the operator confirms.</summary>
public sealed record RebootInterruptions(string Text);
