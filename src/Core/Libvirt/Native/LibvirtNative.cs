using System.Runtime.InteropServices;

namespace VirtSriov.Core.Libvirt.Native;

/// <summary>
/// The libvirt C API entry points this binding uses (libvirt.so.0 and, for the guest agent, libvirt-qemu.so.0;
/// source-generated marshalling).
/// Strings libvirt returns are owned by the caller and released with <see cref="Free"/>; handles are wrapped
/// in <see cref="ConnectionHandle"/>, <see cref="DomainHandle"/> and <see cref="NodeDeviceHandle"/> so they are always released.
/// </summary>
internal static partial class LibvirtNative
{
    private const string Library = "libvirt.so.0";
    private const string QemuLibrary = "libvirt-qemu.so.0";
    private const string LibC = "libc.so.6";

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ConnectionHandle virConnectOpen(string uri);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ConnectionHandle virConnectOpenReadOnly(string uri);

    [LibraryImport(Library)]
    internal static partial int virConnectClose(nint conn);

    [LibraryImport(Library)]
    internal static partial int virConnectIsAlive(ConnectionHandle conn);

    [LibraryImport(Library)]
    internal static partial int virConnectGetLibVersion(ConnectionHandle conn, out ulong libVer);

    [LibraryImport(Library)]
    internal static partial int virConnectGetVersion(ConnectionHandle conn, out ulong hvVer);

    [LibraryImport(Library)]
    internal static partial int virConnectListAllDomains(ConnectionHandle conn, out nint domains, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainLookupByName(ConnectionHandle conn, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainDefineXML(ConnectionHandle conn, string xml);

    [LibraryImport(Library)]
    internal static partial int virDomainFree(nint domain);

    [LibraryImport(Library)]
    internal static partial nint virDomainGetXMLDesc(DomainHandle domain, uint flags);

    /// <summary>Returns a pointer into the domain object: not to be freed.</summary>
    [LibraryImport(Library)]
    internal static partial nint virDomainGetName(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainCreate(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainShutdown(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainDestroy(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainUndefine(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainUndefineFlags(DomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainGetState(DomainHandle domain, out int state, out int reason, uint flags);

    /// <summary>
    /// Sends one JSON command to the domain's QEMU guest agent and returns its JSON reply (to be freed).
    /// <paramref name="timeout"/>: seconds, or -2 (block), -1 (default), 0 (do not wait).
    /// </summary>
    [LibraryImport(QemuLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint virDomainQemuAgentCommand(DomainHandle domain, string command, int timeout, uint flags);

    [LibraryImport(Library)]
    internal static partial nint virConnectGetCapabilities(ConnectionHandle conn);

    /// <summary>Every argument may be null: libvirt then picks the default emulator, arch, machine and virt type.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint virConnectGetDomainCapabilities(ConnectionHandle conn, string? emulatorbin, string? arch, string? machine, string? virttype, uint flags);

    [LibraryImport(Library)]
    internal static partial int virConnectListAllNodeDevices(ConnectionHandle conn, out nint devices, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial NodeDeviceHandle virNodeDeviceLookupByName(ConnectionHandle conn, string name);

    /// <summary>Returns a pointer into the device object: not to be freed.</summary>
    [LibraryImport(Library)]
    internal static partial nint virNodeDeviceGetName(NodeDeviceHandle device);

    [LibraryImport(Library)]
    internal static partial nint virNodeDeviceGetXMLDesc(NodeDeviceHandle device, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virNodeDeviceDetachFlags(NodeDeviceHandle device, string? driverName, uint flags);

    [LibraryImport(Library)]
    internal static partial int virNodeDeviceReAttach(NodeDeviceHandle device);

    [LibraryImport(Library)]
    internal static partial int virNodeDeviceFree(nint device);

    /// <summary>The calling thread's last error (owned by libvirt), or zero.</summary>
    [LibraryImport(Library)]
    internal static partial nint virGetLastError();

    [LibraryImport(Library)]
    internal static partial void virResetLastError();

    [LibraryImport(Library)]
    internal static unsafe partial void virSetErrorFunc(nint userData, delegate* unmanaged<nint, nint, void> handler);

    [LibraryImport(LibC, EntryPoint = "free")]
    internal static partial void Free(nint pointer);
}
