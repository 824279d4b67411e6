using Microsoft.Win32.SafeHandles;

namespace VirtSriov.Core.Libvirt.Native;

/// <summary>A <c>virConnectPtr</c>, closed exactly once.</summary>
internal sealed class ConnectionHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ConnectionHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LibvirtNative.virConnectClose(handle) >= 0;
}
