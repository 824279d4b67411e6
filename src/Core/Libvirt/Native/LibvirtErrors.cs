using System.Runtime.InteropServices;

namespace VirtSriov.Core.Libvirt.Native;

/// <summary>
/// Turns libvirt's thread-local last error into a <see cref="LibvirtException"/>. Must run on the thread that made
/// the failing call, before any other libvirt call on it: callers never await in between.
/// </summary>
internal static class LibvirtErrors
{
    private static int handlerInstalled;

    /// <summary>libvirt prints every error to stderr unless a handler is set; errors are reported through exceptions instead.</summary>
    internal static unsafe void SilenceDefaultHandler()
    {
        if (Interlocked.Exchange(ref handlerInstalled, 1) == 0)
        {
            LibvirtNative.virSetErrorFunc(0, &IgnoreError);
        }
    }

    internal static LibvirtException LastError(string call)
    {
        var pointer = LibvirtNative.virGetLastError();
        if (pointer == 0)
        {
            return new LibvirtException(call, 0, 0, "libvirt reported a failure without an error");
        }

        var error = Marshal.PtrToStructure<VirError>(pointer);
        var message = error.Message == 0 ? "(no message)" : Marshal.PtrToStringUTF8(error.Message) ?? "(no message)";
        LibvirtNative.virResetLastError();
        return new LibvirtException(call, error.Code, error.Domain, message);
    }

    /// <summary>Reads and frees a string that libvirt allocated for the caller.</summary>
    internal static string TakeString(nint pointer)
    {
        try
        {
            return Marshal.PtrToStringUTF8(pointer) ?? "";
        }
        finally
        {
            LibvirtNative.Free(pointer);
        }
    }

    [UnmanagedCallersOnly]
    private static void IgnoreError(nint userData, nint error)
    {
    }
}
