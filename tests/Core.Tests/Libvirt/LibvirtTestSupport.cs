using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>Shared helpers of the libvirt tests: the real libvirt.so.0, test data and virt-xml-validate.</summary>
internal static class LibvirtTestSupport
{
    private const string Validator = "/usr/bin/virt-xml-validate";

    private static readonly Lazy<bool> LibvirtPresent = new(() =>
    {
        if (!NativeLibrary.TryLoad("libvirt.so.0", out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    });

    public static void RequireLibvirt() =>
        Assert.SkipUnless(LibvirtPresent.Value, "SKIPPED LOUDLY: libvirt.so.0 is not installed (apt-get install libvirt0); the libvirt tests need the real library.");

    public static string DataPath(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Data", name);

    public static string ReadData(string name) => File.ReadAllText(DataPath(name));

    /// <summary>A test-driver URI with its own empty in-memory state (unlike the process-wide <c>test:///default</c>).</summary>
    public static string PrivateTestUri(string folder)
    {
        Directory.CreateDirectory(folder);
        var node = Path.Combine(folder, "node.xml");
        File.WriteAllText(node, "<node/>");
        return "test://" + node;
    }

    public static string NewTempFolder() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "virtsriov-libvirt-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Runs virt-xml-validate on the XML; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> ValidateDomainAsync(string xml, CancellationToken cancellationToken)
    {
        Assert.SkipUnless(File.Exists(Validator), $"SKIPPED LOUDLY: {Validator} is missing (apt-get install libvirt-clients).");
        var file = Path.Combine(Path.GetTempPath(), $"virtsriov-domain-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(file, xml, cancellationToken);
        try
        {
            var info = new ProcessStartInfo(Validator) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(file);
            info.ArgumentList.Add("domain");
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
