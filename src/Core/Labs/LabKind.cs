namespace VirtSriov.Core.Labs;

public enum LabKind
{
    /// <summary>Built-in simulation: generated sysfs, libvirt's test driver, simulated cluster, real testpmd on null devices.</summary>
    Simulated,

    /// <summary>This host's sysfs, a libvirt URI and a real cluster.</summary>
    Host,
}
