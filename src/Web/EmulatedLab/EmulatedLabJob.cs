using VirtSriov.Core.Labs.Emulated;

namespace VirtSriov.Web.EmulatedLab;

/// <summary>
/// One run of the emulated-hardware lab started from the Labs page: the guest's console as it arrives, then the run
/// it was imported as. Written by the runner's background task, read by pages: <see cref="Snapshot"/> plus <see cref="Changed"/>.
/// </summary>
public sealed class EmulatedLabJob(LabRunOptions options, string directory, DateTimeOffset startedAt)
{
    /// <summary>Console lines kept for the page; older ones stay in the job folder's console.log.</summary>
    public const int MaxLines = 2000;

    private readonly Lock gate = new();
    private readonly List<string> lines = [];
    private EmulatedLabJobStatus status = EmulatedLabJobStatus.Running;
    private Guid? runId;
    private string? error;
    private long version;

    public LabRunOptions Options { get; } = options;

    /// <summary>The job folder (run.sh's JOBDIR): console.log, guest-output.log, result.json.</summary>
    public string Directory { get; } = directory;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Raised (on the runner's thread) after lines arrive or the status changes.</summary>
    public event Action? Changed;

    public EmulatedLabJobView Snapshot()
    {
        lock (gate)
        {
            return new EmulatedLabJobView(status, [.. lines], runId, error, version);
        }
    }

    internal void Append(IEnumerable<string> newLines)
    {
        lock (gate)
        {
            lines.AddRange(newLines);
            if (lines.Count > MaxLines)
            {
                lines.RemoveRange(0, lines.Count - MaxLines);
            }

            version++;
        }

        Changed?.Invoke();
    }

    internal void Finish(Guid? importedRun, string? failure)
    {
        lock (gate)
        {
            (status, runId, error) = importedRun is null ? (EmulatedLabJobStatus.Failed, null, failure) : (EmulatedLabJobStatus.Imported, importedRun, failure);
            version++;
        }

        Changed?.Invoke();
    }
}
