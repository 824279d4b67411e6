namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>Where a file's contents come from: here always a <c>data:</c> URL.</summary>
public sealed record IgnitionFileContents
{
    public string Source { get; set; } = "";
}
