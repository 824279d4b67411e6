using Microsoft.Win32.SafeHandles;

namespace VirtSriov.Core.Libvirt.Native;

/// <summary>A <c>virDomainPtr</c>, freed exactly once.</summary>
internal sealed class DomainHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DomainHandle()
        : base(ownsHandle: true)
    {
    }

    internal DomainHandle(nint existing)
        : base(ownsHandle: true)
    {
        SetHandle(existing);
    }

    protected override bool ReleaseHandle() => LibvirtNative.virDomainFree(handle) >= 0;
}
