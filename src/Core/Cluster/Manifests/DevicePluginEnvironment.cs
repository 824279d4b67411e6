namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>Environment variables the SR-IOV device plugin sets in a container that was allocated its devices.</summary>
public static class DevicePluginEnvironment
{
    /// <summary>
    /// <c>PCIDEVICE_</c> + the full resource name upper-cased with <c>.</c> and <c>/</c> replaced by <c>_</c>
    /// (device plugin README, "Pod device information"): <c>openshift.io/intelnics</c> → <c>PCIDEVICE_OPENSHIFT_IO_INTELNICS</c>.
    /// Its value is the allocated PCI addresses, comma-separated.
    /// </summary>
    public static string PciDeviceVariable(string fullResourceName) =>
        "PCIDEVICE_" + fullResourceName.Replace('.', '_').Replace('/', '_').ToUpperInvariant();
}
