using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>
/// One run engine per data folder. The dashboard and <c>virtsriov run --local</c> each keep in-process guards (the
/// step that is running, recovery of interrupted runs at start), so two of them on one history could apply a step
/// twice or mark the other's active run interrupted. An advisory lock on <c>&lt;data&gt;/engine.lock</c>, which the
/// kernel releases when the process ends, however it ends.
/// </summary>
public sealed class EngineLock : IDisposable
{
    public const string FileName = "engine.lock";

    private readonly FileStream _file;

    private EngineLock(FileStream file) => _file = file;

    /// <exception cref="ActionableException">Another process holds the data folder.</exception>
    public static EngineLock Acquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            // FileShare.None takes an exclusive flock() on Unix: a second holder, in this process or another, is refused.
            return new EngineLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new ActionableException(
                $"The data folder {dataDirectory} is in use by a running dashboard or another local run ({path} is locked).",
                "Drive that dashboard with --url and --token instead of --local, or stop it first.",
                inner: e);
        }
    }

    public void Dispose() => _file.Dispose();
}
