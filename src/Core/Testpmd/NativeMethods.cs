using System.Runtime.InteropServices;

namespace VirtSriov.Core.Testpmd;

internal static partial class NativeMethods
{
    public const int SigInt = 2;

    /// <summary>libc <c>kill(2)</c>: .NET can only send SIGKILL/SIGTERM to another process, testpmd needs SIGINT.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
