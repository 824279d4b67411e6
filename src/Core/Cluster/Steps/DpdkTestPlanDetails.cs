namespace VirtSriov.Core.Cluster.Steps;

/// <summary>The DPDK test pod: its namespace and name, and the variable that carries its VF's PCI address.</summary>
public sealed record DpdkTestPlanDetails(string Namespace, string Pod, string PciDeviceVariable);
