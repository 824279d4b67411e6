namespace VirtSriov.Core.Host;

/// <summary>A sysfs write refused by the kernel (or by the simulation, with the same errno).</summary>
public sealed class SysfsWriteException : IOException
{
    public SysfsWriteException(string path, string value, string errno, string message)
        : base($"write {path} \"{value}\": {errno} ({message})")
    {
        Path = path;
        Value = value;
        Errno = errno;
    }

    public SysfsWriteException()
        : this("", "", "EIO", "I/O error")
    {
    }

    public SysfsWriteException(string message)
        : this("", "", "EIO", message)
    {
    }

    public SysfsWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "";
        Value = "";
        Errno = "EIO";
    }

    public string Path { get; }

    public string Value { get; }

    /// <summary>Symbolic errno, e.g. <c>EBUSY</c>, <c>ERANGE</c>, <c>EINVAL</c>, <c>EACCES</c>.</summary>
    public string Errno { get; }
}
