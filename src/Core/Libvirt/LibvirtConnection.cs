using System.Runtime.InteropServices;
using VirtSriov.Core.Libvirt.Native;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// A connection to libvirt (<c>virConnectPtr</c>) over the real libvirt.so.0. Calls are synchronous and report
/// failures as <see cref="LibvirtException"/> with libvirt's error; callers that share it across threads serialise
/// calls themselves (see <see cref="LibvirtHypervisor"/>).
/// </summary>
public sealed class LibvirtConnection : IDisposable
{
    private readonly ConnectionHandle handle;

    private LibvirtConnection(string uri, ConnectionHandle handle)
    {
        Uri = uri;
        this.handle = handle;
    }

    public string Uri { get; }

    /// <summary>Opens <paramref name="uri"/> (e.g. <c>qemu:///system</c>, <c>test:///default</c>).</summary>
    /// <exception cref="ActionableException">libvirt.so.0 is not installed.</exception>
    /// <exception cref="LibvirtException">libvirt refused the connection.</exception>
    public static LibvirtConnection Open(string uri, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
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
    public IReadOnlyList<string> ListDomainNames()
    {
        var count = LibvirtNative.virConnectListAllDomains(handle, out var array, 0);
        if (count < 0)
        {
            throw LibvirtErrors.LastError("virConnectListAllDomains");
        }

        // Wrap every pointer before touching any, so that each is freed even if reading a name fails.
        var domains = new DomainHandle[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                domains[i] = new DomainHandle(Marshal.ReadIntPtr(array, i * IntPtr.Size));
            }

            var names = new List<string>(count);
            foreach (var domain in domains)
            {
                var name = LibvirtNative.virDomainGetName(domain);
                names.Add(name == 0 ? throw LibvirtErrors.LastError("virDomainGetName") : Marshal.PtrToStringUTF8(name) ?? "");
            }

            return names;
        }
        finally
        {
            foreach (var domain in domains)
            {
                domain?.Dispose();
            }

            LibvirtNative.Free(array);
        }
    }

    /// <exception cref="LibvirtException">With <see cref="LibvirtException.Code"/> = <see cref="LibvirtException.NoDomain"/> when it does not exist.</exception>
    public LibvirtDomain LookupDomain(string name) =>
        Wrap(LibvirtNative.virDomainLookupByName(handle, name), $"virDomainLookupByName(\"{name}\")");

    /// <summary>Defines (or redefines, same name and UUID) a persistent domain from its XML.</summary>
    public LibvirtDomain DefineDomain(string xml) => Wrap(LibvirtNative.virDomainDefineXML(handle, xml), "virDomainDefineXML");

    public void Dispose() => handle.Dispose();

    private static LibvirtDomain Wrap(DomainHandle domain, string call)
    {
        if (domain.IsInvalid)
        {
            var error = LibvirtErrors.LastError(call);
            domain.Dispose();
            throw error;
        }

        try
        {
            return new LibvirtDomain(domain);
        }
        catch
        {
            domain.Dispose();
            throw;
        }
    }

    /// <summary>libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release.</summary>
    private static Version Decode(ulong version) =>
        new((int)(version / 1_000_000), (int)(version / 1_000 % 1_000), (int)(version % 1_000));
}
