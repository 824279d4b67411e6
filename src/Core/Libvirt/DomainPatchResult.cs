namespace VirtSriov.Core.Libvirt;

/// <summary>The outcome of <see cref="DomainPatcher.Patch"/>.</summary>
/// <param name="DomainName">The domain's <c>&lt;name&gt;</c>.</param>
/// <param name="OriginalXml">The input, pretty-printed the same way as <paramref name="Xml"/>.</param>
/// <param name="Xml">The patched domain XML.</param>
/// <param name="Diff">Unified diff from <paramref name="OriginalXml"/> to <paramref name="Xml"/>; empty when nothing changes.</param>
/// <param name="Changes">Each change in words.</param>
/// <param name="MemtuneExplanation">How the memtune hard_limit was chosen.</param>
public sealed record DomainPatchResult(
    string DomainName,
    string OriginalXml,
    string Xml,
    string Diff,
    IReadOnlyList<string> Changes,
    string MemtuneExplanation)
{
    public bool Changed => Changes.Count > 0;
}
