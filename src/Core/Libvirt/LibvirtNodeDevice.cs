using System.Runtime.InteropServices;
using VirtSriov.Core.Libvirt.Native;

namespace VirtSriov.Core.Libvirt;

/// <summary>One host device known to libvirt (<c>virNodeDevicePtr</c>, e.g. <c>pci_0000_3b_02_0</c>); dispose to free the handle.</summary>
public sealed class LibvirtNodeDevice : IDisposable
{
    private readonly NodeDeviceHandle handle;

    internal LibvirtNodeDevice(NodeDeviceHandle handle)
    {
        this.handle = handle;
        var name = LibvirtNative.virNodeDeviceGetName(handle);
        Name = name == 0 ? throw LibvirtErrors.LastError("virNodeDeviceGetName") : Marshal.PtrToStringUTF8(name) ?? "";
    }

    public string Name { get; }

    public string GetXml()
    {
        var xml = LibvirtNative.virNodeDeviceGetXMLDesc(handle, 0);
        return xml == 0 ? throw LibvirtErrors.LastError($"virNodeDeviceGetXMLDesc(\"{Name}\")") : LibvirtErrors.TakeString(xml);
    }

    /// <summary>Unbinds the device from its host driver and binds it to <paramref name="driverName"/> (null: libvirt's choice, vfio).</summary>
    public void Detach(string? driverName)
    {
        if (LibvirtNative.virNodeDeviceDetachFlags(handle, driverName, 0) < 0)
        {
            throw LibvirtErrors.LastError($"virNodeDeviceDetachFlags(\"{Name}\", {(driverName is null ? "NULL" : $"\"{driverName}\"")})");
        }
    }

    /// <summary>Gives a detached device back to its host driver.</summary>
    public void ReAttach()
    {
        if (LibvirtNative.virNodeDeviceReAttach(handle) < 0)
        {
            throw LibvirtErrors.LastError($"virNodeDeviceReAttach(\"{Name}\")");
        }
    }

    public void Dispose() => handle.Dispose();
}
