using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Testpmd;

/// <summary>
/// Streaming parser for testpmd's periodic "NIC statistics for port N" blocks (<c>--stats-period</c>, <c>show port stats</c>).
/// Feed it one line at a time; it returns a <see cref="ThroughputSample"/> when a block's last line (Tx-pps/Tx-bps) arrives.
/// Lines are matched, never copied: nothing is allocated per line, only one sample per completed block.
/// Lines of other output (EAL messages, forward statistics, garbage) are ignored, also between a block's lines.
/// Not thread-safe: use one parser per output stream.
/// </summary>
public sealed class TestpmdStatsParser
{
    // Statistics lines are under 100 characters; longer lines are transcoded through a pooled buffer.
    private const int StackBufferBytes = 768;

    private int port;
    private BlockParts parts;
    private long rxPackets;
    private long rxMissed;
    private long rxBytes;
    private long rxErrors;
    private long txPackets;
    private long txErrors;
    private long txBytes;
    private long rxPps;
    private long rxBps;
    private long txPps;
    private long txBps;

    [Flags]
    private enum BlockParts
    {
        None = 0,
        Header = 1,
        RxCounters = 2,
        TxCounters = 4,
        RxRates = 8,
        TxRates = 16,
        Complete = Header | RxCounters | TxCounters | RxRates | TxRates,
    }

    /// <summary>Parses one UTF-16 line (with or without its line ending).</summary>
    [SkipLocalsInit]
    public bool TryParseLine(ReadOnlySpan<char> line, [NotNullWhen(true)] out ThroughputSample? sample)
    {
        var maxBytes = line.Length * 3;
        if (maxBytes <= StackBufferBytes)
        {
            Span<byte> utf8 = stackalloc byte[StackBufferBytes];
            Utf8.FromUtf16(line, utf8, out _, out var written);
            return TryParseLine(utf8[..written], out sample);
        }

        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            Utf8.FromUtf16(line, rented, out _, out var written);
            return TryParseLine(rented.AsSpan(0, written), out sample);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses one UTF-8 line (with or without its line ending).</summary>
    public bool TryParseLine(ReadOnlySpan<byte> line, [NotNullWhen(true)] out ThroughputSample? sample)
    {
        sample = null;
        var text = line.Trim(" \t\r\n"u8);
        if (text.IsEmpty)
        {
            return false;
        }

        if (parts == BlockParts.None || !TryReadBlockLine(text))
        {
            ReadHeaderOrBoundary(text);
            return false;
        }

        if (parts != BlockParts.Complete)
        {
            return false;
        }

        sample = new ThroughputSample(port, rxPackets, txPackets, rxBytes, txBytes, rxMissed, rxErrors, txErrors, rxPps, txPps, rxBps, txBps);
        parts = BlockParts.None;
        return true;
    }

    /// <summary>Reads a line that belongs inside a block; false when the line is not one of them.</summary>
    private bool TryReadBlockLine(ReadOnlySpan<byte> text)
    {
        if (text.StartsWith("RX-packets:"u8))
        {
            return Record(
                BlockParts.RxCounters,
                TryReadField(text, "RX-packets:"u8, out rxPackets)
                    && TryReadField(text, "RX-missed:"u8, out rxMissed)
                    && TryReadField(text, "RX-bytes:"u8, out rxBytes));
        }

        if (text.StartsWith("RX-errors:"u8))
        {
            return Record(BlockParts.None, TryReadField(text, "RX-errors:"u8, out rxErrors));
        }

        if (text.StartsWith("TX-packets:"u8))
        {
            return Record(
                BlockParts.TxCounters,
                TryReadField(text, "TX-packets:"u8, out txPackets)
                    && TryReadField(text, "TX-errors:"u8, out txErrors)
                    && TryReadField(text, "TX-bytes:"u8, out txBytes));
        }

        if (text.StartsWith("Rx-pps:"u8))
        {
            return Record(BlockParts.RxRates, TryReadField(text, "Rx-pps:"u8, out rxPps) && TryReadField(text, "Rx-bps:"u8, out rxBps));
        }

        if (text.StartsWith("Tx-pps:"u8))
        {
            // The block's last line: it completes the block or, when parts are missing, ends it.
            var parsed = TryReadField(text, "Tx-pps:"u8, out txPps) && TryReadField(text, "Tx-bps:"u8, out txBps);
            parts = parsed && parts == (BlockParts.Complete & ~BlockParts.TxRates) ? BlockParts.Complete : BlockParts.None;
            return true;
        }

        return false;
    }

    private bool Record(BlockParts part, bool parsed)
    {
        // A malformed counter line makes the whole block untrustworthy.
        parts = parsed ? parts | part : BlockParts.None;
        return true;
    }

    private void ReadHeaderOrBoundary(ReadOnlySpan<byte> text)
    {
        var header = text.IndexOf("NIC statistics for port "u8);
        if (header >= 0)
        {
            var number = text[(header + "NIC statistics for port "u8.Length)..];
            parts = Utf8Parser.TryParse(number, out port, out var consumed) && consumed > 0 ? BlockParts.Header : BlockParts.None;
            ResetCounters();
            return;
        }

        // Another report (port statistics, forward statistics) starts: a block still open was cut short.
        if (text.IndexOf("statistics"u8) >= 0)
        {
            parts = BlockParts.None;
        }
    }

    private void ResetCounters()
    {
        rxPackets = rxMissed = rxBytes = rxErrors = txPackets = txErrors = txBytes = rxPps = rxBps = txPps = txBps = 0;
    }

    private static bool TryReadField(ReadOnlySpan<byte> text, ReadOnlySpan<byte> label, out long value)
    {
        var at = text.IndexOf(label);
        if (at < 0)
        {
            value = 0;
            return false;
        }

        var number = text[(at + label.Length)..].TrimStart((byte)' ');
        return Utf8Parser.TryParse(number, out value, out var consumed)
            && consumed > 0
            && value >= 0
            && (consumed == number.Length || number[consumed] == (byte)' ');
    }
}
