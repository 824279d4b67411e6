namespace VirtSriov.Core.Labs;

public enum LabKind
{
    /// <summary>Built-in simulation: generated sysfs, libvirt's test driver, simulated cluster, real testpmd on null devices.</summary>
    Simulated,

    /// <summary>This host's sysfs, a libvirt URI and a real cluster.</summary>
    Host,

    /// <summary>
    /// QEMU's emulated igb SR-IOV NIC behind an emulated Intel IOMMU (scripts/emulated-lab): its runs are made by
    /// the Labs page's background job inside the lab guest and imported into the history; the wizard does not drive it.
    /// </summary>
    EmulatedHardware,
}
