namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>One resource pool, advertised as <c>{ResourcePrefix}/{ResourceName}</c>.</summary>
public sealed record DevicePluginResource(string ResourceName, string ResourcePrefix, DevicePluginSelectors Selectors);
