namespace VirtSriov.Core.Host;

/// <summary>Symbolic names of the Linux errno values a sysfs write can fail with.</summary>
internal static class LinuxErrno
{
    public const int Eperm = 1;
    public const int Enoent = 2;
    public const int Eio = 5;
    public const int Enomem = 12;
    public const int Eacces = 13;
    public const int Ebusy = 16;
    public const int Enodev = 19;
    public const int Einval = 22;
    public const int Enospc = 28;
    public const int Erange = 34;

    public static string Name(int errno) => errno switch
    {
        Eperm => "EPERM",
        Enoent => "ENOENT",
        Eio => "EIO",
        Enomem => "ENOMEM",
        Eacces => "EACCES",
        Ebusy => "EBUSY",
        Enodev => "ENODEV",
        Einval => "EINVAL",
        Enospc => "ENOSPC",
        Erange => "ERANGE",
        _ => $"errno {errno}",
    };

    public static string Describe(string name) => name switch
    {
        "EPERM" => "Operation not permitted",
        "ENOENT" => "No such file or directory",
        "EIO" => "Input/output error",
        "ENOMEM" => "Cannot allocate memory",
        "EACCES" => "Permission denied",
        "EBUSY" => "Device or resource busy",
        "ENODEV" => "No such device",
        "EINVAL" => "Invalid argument",
        "ENOSPC" => "No space left on device",
        "ERANGE" => "Numerical result out of range",
        _ => "I/O error",
    };

    /// <summary>The errno name for the kernel's message (strerror text, as a remote tool prints it), or EIO.</summary>
    public static string NameOf(string description) =>
        Known.FirstOrDefault(name => string.Equals(Describe(name), description.Trim(), StringComparison.OrdinalIgnoreCase)) ?? "EIO";

    private static readonly string[] Known = ["EPERM", "ENOENT", "EIO", "ENOMEM", "EACCES", "EBUSY", "ENODEV", "EINVAL", "ENOSPC", "ERANGE"];
}
