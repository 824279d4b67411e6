using Microsoft.Win32.SafeHandles;

namespace VirtSriov.Core.Libvirt.Native;

/// <summary>A <c>virNodeDevicePtr</c>, freed exactly once.</summary>
internal sealed class NodeDeviceHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public NodeDeviceHandle()
        : base(ownsHandle: true)
    {
    }

    internal NodeDeviceHandle(nint existing)
        : base(ownsHandle: true)
    {
        SetHandle(existing);
    }

    protected override bool ReleaseHandle() => LibvirtNative.virNodeDeviceFree(handle) >= 0;
}
