using System.Text.RegularExpressions;

namespace VirtSriov.Core.Cluster;

/// <summary>Whether a container image reference names one exact image (<c>name@sha256:&lt;64 hex&gt;</c>), not a tag that can move.</summary>
public static partial class ImageDigest
{
    public static bool IsPinned(string image) => Pinned().IsMatch(image);

    [GeneratedRegex("^[^@\\s]+@sha256:[0-9a-f]{64}$")]
    private static partial Regex Pinned();
}
