namespace VirtSriov.Core.Tests.Testpmd;

/// <summary>Real testpmd output captured on this machine (see Data/*.txt), copied to the test output.</summary>
internal static class TestpmdData
{
    /// <summary>dpdk-testpmd on net_null0/net_null1, --stats-period 1, stopped with SIGINT after 6 s (stdout and stderr).</summary>
    public const string NullStats = "testpmd-null-stats.txt";

    /// <summary>net_null0/net_null1 in --forward-mode=mac --tx-first, --stats-period 1, SIGINT after 9 s: periodic blocks, then the final forward statistics.</summary>
    public const string NullMacFinal = "testpmd-null-mac-final.txt";

    /// <summary><see cref="NullMacFinal"/> cut where testpmd was killed: no final blocks.</summary>
    public const string NullMacKilled = "testpmd-null-mac-killed.txt";

    /// <summary>net_null0 alone in --forward-mode=txonly --txpkts=128, SIGINT after 8 s (prints "packet len=128").</summary>
    public const string NullTxonlyFinal = "testpmd-null-txonly-final.txt";

    /// <summary>Without --no-huge on a machine with no hugepages reserved.</summary>
    public const string NoHugepages = "testpmd-no-hugepages.txt";

    /// <summary>With --vdev net_bogus0.</summary>
    public const string BogusVdev = "testpmd-bogus-vdev.txt";

    /// <summary>With --no-pci and no --vdev: no ports at all.</summary>
    public const string NoPorts = "testpmd-no-ports.txt";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Testpmd", "Data", name);

    public static string ReadText(string name) => File.ReadAllText(PathOf(name));

    public static string[] ReadLines(string name) => ReadText(name).Split('\n');

    public static async IAsyncEnumerable<string> StreamLines(string name)
    {
        foreach (var line in File.ReadLines(PathOf(name)))
        {
            await Task.Yield();
            yield return line;
        }
    }
}
