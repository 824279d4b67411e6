namespace VirtSriov.Benchmarks;

/// <summary>A large UTF-8 buffer made by repeating real testpmd output captured on this machine.</summary>
public static class TestpmdCaptureBuffer
{
    public const int TargetBytes = 32 * 1024 * 1024;

    private const string CaptureRelativePath = "tests/Core.Tests/Testpmd/Data/testpmd-null-stats.txt";

    private static readonly Lazy<byte[]> Buffer = new(Build);

    public static byte[] Utf8 => Buffer.Value;

    private static byte[] Build()
    {
        var capture = File.ReadAllBytes(FindCapture());
        var copies = (TargetBytes + capture.Length - 1) / capture.Length;
        var buffer = new byte[copies * capture.Length];
        for (var i = 0; i < copies; i++)
        {
            capture.CopyTo(buffer, i * capture.Length);
        }

        return buffer;
    }

    /// <summary>BenchmarkDotNet runs from a generated folder below the repository, so walk up to the capture.</summary>
    private static string FindCapture()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, CaptureRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{CaptureRelativePath} not found above {AppContext.BaseDirectory}.");
    }
}
