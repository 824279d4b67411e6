namespace VirtSriov.Web.EmulatedLab;

/// <summary>Whether the emulated lab can run on this machine; when not, why and what to run.</summary>
/// <param name="Problem">What is missing, or null when the lab is ready.</param>
/// <param name="Fix">The command that prepares it.</param>
public sealed record EmulatedLabReadiness(string? Problem, string? Fix = null)
{
    public static EmulatedLabReadiness Ready { get; } = new(Problem: null);

    public bool IsReady => Problem is null;
}
