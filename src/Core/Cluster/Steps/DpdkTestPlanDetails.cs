using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>The DPDK test pod: its namespace and name, the variable that carries its VFs' PCI addresses, and where it runs.</summary>
/// <param name="OpenShift">Whether SCC admission applies: then the step checks the pod was admitted under restricted-v2.</param>
/// <param name="SimulatedDevices">The simulated cluster runs testpmd on DPDK null devices: no link, no line rate.</param>
public sealed record DpdkTestPlanDetails(string Namespace, string Pod, string PciDeviceVariable, bool OpenShift = true, bool SimulatedDevices = false) : StepPlanDetails;
