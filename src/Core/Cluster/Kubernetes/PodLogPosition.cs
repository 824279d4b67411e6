namespace VirtSriov.Core.Cluster.Kubernetes;

/// <summary>
/// How far a log has been read, by the kubelet's timestamps (<c>timestamps=true</c>: RFC 3339 with nanoseconds, then
/// a space, then the line). A reconnected read starts again from the beginning of the log, so lines up to the last
/// one already yielded are skipped, counting lines that share that very timestamp; none is lost or repeated.
/// </summary>
internal sealed class PodLogPosition
{
    private string lastKey = "";
    private int seenAtLastKey;
    private int seenInThisRead;

    /// <summary>Call before each new read of the log.</summary>
    public void StartRead() => seenInThisRead = 0;

    /// <summary>True with the line's text when the timestamped line is new; false when it was already yielded.</summary>
    public bool Accept(string timestamped, out string text)
    {
        var space = timestamped.IndexOf(' ', StringComparison.Ordinal);
        var key = space > 0 ? SortKey(timestamped.AsSpan(0, space)) : null;
        text = key is null ? timestamped : timestamped[(space + 1)..];
        if (key is null)
        {
            return true;
        }

        var order = string.CompareOrdinal(key, lastKey);
        if (order < 0)
        {
            return false;
        }

        if (order == 0)
        {
            seenInThisRead++;
            if (seenInThisRead <= seenAtLastKey)
            {
                return false;
            }

            seenAtLastKey++;
            return true;
        }

        lastKey = key;
        seenAtLastKey = 1;
        seenInThisRead = 1;
        return true;
    }

    /// <summary><c>2026-01-02T03:04:05.5Z</c> → <c>2026-01-02T03:04:05.500000000</c> (sortable as text), null if not a timestamp.</summary>
    private static string? SortKey(ReadOnlySpan<char> stamp)
    {
        if (stamp.Length < 20 || stamp[^1] != 'Z' || stamp[10] != 'T')
        {
            return null;
        }

        var seconds = stamp[..19];
        var fraction = stamp.Length > 20 && stamp[19] == '.' ? stamp[20..^1] : [];
        return fraction.Length > 9 ? null : string.Concat(seconds, ".", fraction.ToString().PadRight(9, '0'));
    }
}
