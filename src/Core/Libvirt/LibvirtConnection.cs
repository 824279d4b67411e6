using System.Runtime.InteropServices;
using VirtSriov.Core.Libvirt.Native;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// A connection to libvirt (<c>virConnectPtr</c>) over the real libvirt.so.0. Calls are synchronous and report
/// failures as <see cref="LibvirtException"/> with libvirt's error; callers that share it across threads serialise
/// calls themselves (see <see cref="LibvirtHypervisor"/>).
/// </summary>
public sealed class LibvirtConnection : IDisposable
{
    /// <summary><c>VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV</c>.</summary>
    private const uint ListNodeDevicesPci = 1 << 1;

    private readonly ConnectionHandle handle;

    private LibvirtConnection(string uri, ConnectionHandle handle)
    {
        Uri = uri;
        this.handle = handle;
    }

    public string Uri { get; }

    /// <summary>Opens <paramref name="uri"/> (e.g. <c>qemu:///system</c>, <c>qemu+ssh://root@kvm1/system</c>, <c>test:///default</c>).</summary>
    /// <exception cref="ActionableException">The URI's scheme is not supported (checked before libvirt is called), or libvirt.so.0 is not installed.</exception>
    /// <exception cref="LibvirtException">libvirt refused the connection.</exception>
    public static LibvirtConnection Open(string uri, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        LibvirtUri.Parse(uri);
        try
        {
            LibvirtErrors.SilenceDefaultHandler();
            var handle = readOnly ? LibvirtNative.virConnectOpenReadOnly(uri) : LibvirtNative.virConnectOpen(uri);
            if (handle.IsInvalid)
            {
                var error = LibvirtErrors.LastError($"{(readOnly ? "virConnectOpenReadOnly" : "virConnectOpen")}(\"{uri}\")");
                handle.Dispose();
                throw error;
            }

            return new LibvirtConnection(uri, handle);
        }
        catch (DllNotFoundException e)
        {
            throw new ActionableException(
                "libvirt library not found: libvirt.so.0 could not be loaded.",
                "apt-get install libvirt0",
                failedCall: $"virConnectOpen(\"{uri}\")",
                inner: e);
        }
    }

    /// <summary>False once a remote connection's transport is gone (e.g. its qemu+ssh session ended); it never comes back.</summary>
    public bool IsAlive => LibvirtNative.virConnectIsAlive(handle) == 1;

    /// <summary>Version of the libvirt library; for a remote URI, the daemon's.</summary>
    public Version GetLibraryVersion() =>
        LibvirtNative.virConnectGetLibVersion(handle, out var version) < 0
            ? throw LibvirtErrors.LastError("virConnectGetLibVersion")
            : Decode(version);

    /// <summary>Version of the hypervisor behind the driver (QEMU's for qemu://; 0.0.2 for the test driver).</summary>
    public Version GetHypervisorVersion() =>
        LibvirtNative.virConnectGetVersion(handle, out var version) < 0
            ? throw LibvirtErrors.LastError("virConnectGetVersion")
            : Decode(version);

    /// <summary>Names of all domains, running or only defined.</summary>
    public IReadOnlyList<string> ListDomainNames() =>
        ListAllDomains((_, name) => name);

    /// <summary>Every domain with its state, read in one pass (what a state poll needs).</summary>
    public IReadOnlyDictionary<string, DomainState> ListDomainStates() =>
        ListAllDomains((domain, name) => (Name: name, State: LibvirtNative.virDomainGetState(domain, out var state, out _, 0) < 0
                ? throw LibvirtErrors.LastError($"virDomainGetState(\"{name}\")")
                : (DomainState)state))
            .ToDictionary(d => d.Name, d => d.State, StringComparer.Ordinal);

    /// <summary>The host capabilities XML (<c>virsh capabilities</c>).</summary>
    public string GetCapabilitiesXml()
    {
        var xml = LibvirtNative.virConnectGetCapabilities(handle);
        return xml == 0 ? throw LibvirtErrors.LastError("virConnectGetCapabilities") : LibvirtErrors.TakeString(xml);
    }

    /// <summary>The domain capabilities XML (<c>virsh domcapabilities</c>) for the default emulator, or the one the arguments pick.</summary>
    /// <exception cref="LibvirtException">
    /// The driver does not implement it (the test driver: <see cref="LibvirtException.NoSupport"/>), or the connection is
    /// read-only (<see cref="LibvirtException.OperationDenied"/>).
    /// </exception>
    public string GetDomainCapabilitiesXml(string? emulator = null, string? arch = null, string? machine = null, string? virtType = null)
    {
        var xml = LibvirtNative.virConnectGetDomainCapabilities(handle, emulator, arch, machine, virtType, 0);
        return xml == 0
            ? throw LibvirtErrors.LastError($"virConnectGetDomainCapabilities({Quote(emulator)}, {Quote(arch)}, {Quote(machine)}, {Quote(virtType)})")
            : LibvirtErrors.TakeString(xml);
    }

    /// <summary>Names of the host's node devices (<c>pci_0000_3b_02_0</c>…); only PCI devices when <paramref name="pciOnly"/>.</summary>
    public IReadOnlyList<string> ListNodeDeviceNames(bool pciOnly)
    {
        var count = LibvirtNative.virConnectListAllNodeDevices(handle, out var array, pciOnly ? ListNodeDevicesPci : 0);
        return count < 0
            ? throw LibvirtErrors.LastError($"virConnectListAllNodeDevices({(pciOnly ? "VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV" : "0")})")
            : TakeArray(array, count, p => new NodeDeviceHandle(p), device => new LibvirtNodeDevice(device).Name);
    }

    /// <exception cref="LibvirtException">With <see cref="LibvirtException.Code"/> = <see cref="LibvirtException.NoNodeDevice"/> when it does not exist.</exception>
    public LibvirtNodeDevice LookupNodeDevice(string name) =>
        Wrap(LibvirtNative.virNodeDeviceLookupByName(handle, name), $"virNodeDeviceLookupByName(\"{name}\")", device => new LibvirtNodeDevice(device));

    /// <exception cref="LibvirtException">With <see cref="LibvirtException.Code"/> = <see cref="LibvirtException.NoDomain"/> when it does not exist.</exception>
    public LibvirtDomain LookupDomain(string name) =>
        Wrap(LibvirtNative.virDomainLookupByName(handle, name), $"virDomainLookupByName(\"{name}\")", domain => new LibvirtDomain(domain));

    /// <summary>Defines (or redefines, same name and UUID) a persistent domain from its XML.</summary>
    public LibvirtDomain DefineDomain(string xml) => Wrap(LibvirtNative.virDomainDefineXML(handle, xml), "virDomainDefineXML", domain => new LibvirtDomain(domain));

    public void Dispose() => handle.Dispose();

    /// <summary>Turns a handle libvirt returned into its wrapper; an invalid handle becomes libvirt's error, and the handle is freed if wrapping fails.</summary>
    private static TWrapper Wrap<THandle, TWrapper>(THandle returned, string call, Func<THandle, TWrapper> wrap)
        where THandle : SafeHandle
    {
        if (returned.IsInvalid)
        {
            var error = LibvirtErrors.LastError(call);
            returned.Dispose();
            throw error;
        }

        try
        {
            return wrap(returned);
        }
        catch
        {
            returned.Dispose();
            throw;
        }
    }

    private List<T> ListAllDomains<T>(Func<DomainHandle, string, T> read)
    {
        var count = LibvirtNative.virConnectListAllDomains(handle, out var array, 0);
        return count < 0
            ? throw LibvirtErrors.LastError("virConnectListAllDomains")
            : TakeArray(array, count, p => new DomainHandle(p), domain =>
            {
                var name = LibvirtNative.virDomainGetName(domain);
                return read(domain, name == 0 ? throw LibvirtErrors.LastError("virDomainGetName") : Marshal.PtrToStringUTF8(name) ?? "");
            });
    }

    /// <summary>
    /// Reads an array of object pointers that libvirt allocated: every pointer is wrapped in its handle before any is
    /// read, so each is freed even if reading one fails; the array itself is freed last.
    /// </summary>
    private static List<T> TakeArray<THandle, T>(nint array, int count, Func<nint, THandle> wrap, Func<THandle, T> read)
        where THandle : SafeHandle
    {
        var handles = new THandle[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                handles[i] = wrap(Marshal.ReadIntPtr(array, i * IntPtr.Size));
            }

            return handles.Select(read).ToList();
        }
        finally
        {
            foreach (var item in handles)
            {
                item?.Dispose();
            }

            LibvirtNative.Free(array);
        }
    }

    private static string Quote(string? value) => value is null ? "NULL" : $"\"{value}\"";

    /// <summary>libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release.</summary>
    private static Version Decode(ulong version) =>
        new((int)(version / 1_000_000), (int)(version / 1_000 % 1_000), (int)(version % 1_000));
}
