namespace VirtSriov.Core.Testpmd;

/// <summary>A testpmd or EAL failure recognised in the output: the line that shows it, what it means and what to do.</summary>
/// <param name="Code">Stable identifier, e.g. <c>HugepagesUnavailable</c>.</param>
/// <param name="Line">The output line that revealed the failure.</param>
/// <param name="Explanation">What went wrong, in operator terms.</param>
/// <param name="Fix">What to do about it.</param>
public sealed record TestpmdFailure(string Code, string Line, string Explanation, string Fix);
