namespace VirtSriov.Web.EmulatedLab;

/// <summary>A job as of one moment.</summary>
/// <param name="Status">Running, imported or failed.</param>
/// <param name="Lines">The guest console so far (last <see cref="EmulatedLabJob.MaxLines"/> lines).</param>
/// <param name="RunId">The imported run, once there.</param>
/// <param name="Error">Why no run came back, or what the run reported as failed.</param>
/// <param name="Version">Grows with every change, so a page redraws only when something changed.</param>
public sealed record EmulatedLabJobView(EmulatedLabJobStatus Status, IReadOnlyList<string> Lines, Guid? RunId, string? Error, long Version);
