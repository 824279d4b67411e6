using System.Runtime.InteropServices;

namespace VirtSriov.Core.Libvirt.Native;

/// <summary>The head of libvirt's <c>virError</c> struct (fields after <c>level</c> are not read).</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct VirError
{
    public readonly int Code;
    public readonly int Domain;
    public readonly nint Message;
    public readonly int Level;
}
