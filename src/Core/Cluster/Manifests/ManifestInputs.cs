namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>What the manifests need besides the run settings: the VF ids attached to the workers and the workers' CPU count.</summary>
public sealed record ManifestInputs(IReadOnlyList<PciDeviceId> VfDevices, int WorkerCpus);
