namespace VirtSriov.Web.EmulatedLab;

public enum EmulatedLabJobStatus
{
    /// <summary>QEMU is running the lab guest.</summary>
    Running,

    /// <summary>The guest finished and its result.json is a run in the history (passed or failed).</summary>
    Imported,

    /// <summary>No result came back (lab not prepared, guest timed out or crashed).</summary>
    Failed,
}
