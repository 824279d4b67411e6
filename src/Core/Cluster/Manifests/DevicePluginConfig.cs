namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>The SR-IOV network device plugin's <c>config.json</c>: the resource pools it advertises.</summary>
public sealed record DevicePluginConfig(IReadOnlyList<DevicePluginResource> ResourceList);
