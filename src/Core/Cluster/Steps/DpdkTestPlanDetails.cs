namespace VirtSriov.Core.Cluster.Steps;

/// <summary>The DPDK test pod: its namespace and name, the variable that carries its VF's PCI address, and the PF's link speed.</summary>
/// <param name="LinkSpeedMbps">Speed of the PF whose VFs the pod uses (sysfs <c>net/&lt;if&gt;/speed</c>), null when unknown.</param>
public sealed record DpdkTestPlanDetails(string Namespace, string Pod, string PciDeviceVariable, int? LinkSpeedMbps = null);
