using VirtSriov.Core.Libvirt.Native;

namespace VirtSriov.Core.Libvirt;

/// <summary>One libvirt domain (<c>virDomainPtr</c>); dispose to free the handle. Not thread-safe: use from one caller at a time.</summary>
public sealed class LibvirtDomain : IDisposable
{
    private const uint XmlInactive = 2;

    /// <summary><c>VIR_DOMAIN_UNDEFINE_NVRAM</c>.</summary>
    private const uint UndefineNvram = 4;

    private readonly DomainHandle handle;

    internal LibvirtDomain(DomainHandle handle)
    {
        this.handle = handle;
        var name = LibvirtNative.virDomainGetName(handle);
        Name = name == 0 ? throw LibvirtErrors.LastError("virDomainGetName") : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(name) ?? "";
    }

    public string Name { get; }

    /// <summary>The domain XML; the persistent definition (<c>VIR_DOMAIN_XML_INACTIVE</c>) when <paramref name="inactive"/>.</summary>
    public string GetXml(bool inactive)
    {
        var xml = LibvirtNative.virDomainGetXMLDesc(handle, inactive ? XmlInactive : 0);
        return xml == 0 ? throw LibvirtErrors.LastError($"virDomainGetXMLDesc({Name})") : LibvirtErrors.TakeString(xml);
    }

    public DomainState GetState()
    {
        return LibvirtNative.virDomainGetState(handle, out var state, out _, 0) < 0
            ? throw LibvirtErrors.LastError($"virDomainGetState({Name})")
            : (DomainState)state;
    }

    public void Start() => Check(LibvirtNative.virDomainCreate(handle), "virDomainCreate");

    /// <summary>Asks the guest to shut down; returns before it has.</summary>
    public void Shutdown() => Check(LibvirtNative.virDomainShutdown(handle), "virDomainShutdown");

    /// <summary>Stops the domain at once, like pulling the power cord.</summary>
    public void Destroy() => Check(LibvirtNative.virDomainDestroy(handle), "virDomainDestroy");

    public void Undefine() => Check(LibvirtNative.virDomainUndefine(handle), "virDomainUndefine");

    /// <summary>Undefines and deletes the domain's UEFI variable store (VIR_DOMAIN_UNDEFINE_NVRAM).</summary>
    public void UndefineWithNvram() => Check(LibvirtNative.virDomainUndefineFlags(handle, UndefineNvram), "virDomainUndefineFlags(VIR_DOMAIN_UNDEFINE_NVRAM)");

    public void Dispose() => handle.Dispose();

    private void Check(int result, string call)
    {
        if (result < 0)
        {
            throw LibvirtErrors.LastError($"{call}({Name})");
        }
    }
}
