using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt;

/// <summary>The VM-level DPDK test: the worker and its VF, the peer VF on the hypervisor, their MACs (assigned by the PF).</summary>
/// <param name="WorkerVf">The VF's address on the hypervisor (the hostdev's source).</param>
/// <param name="Vcpus">The worker's vCPUs: testpmd's forwarding lcore goes on the last one.</param>
public sealed record WorkerDpdkTestPlanDetails(string Worker, string WorkerVf, string WorkerMac, string PeerVf, string PeerMac, int Vcpus) : StepPlanDetails;
