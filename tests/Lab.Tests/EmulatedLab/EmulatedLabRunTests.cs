using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Data;
using VirtSriov.Lab.Tests.TestSupport;

namespace VirtSriov.Lab.Tests.EmulatedLab;

/// <summary>
/// The whole emulated-hardware lab: QEMU (TCG) with an Intel IOMMU and an igb 82576 SR-IOV NIC boots a Debian kernel
/// on this host's root; inside, the product's CLI runs preflight, the Virtual functions step and unprivileged
/// dpdk-testpmd VF to VF; the result is then imported into a fresh history database.
/// </summary>
public sealed class EmulatedLabRunTests
{
    private static readonly TimeSpan GuestTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task LabRun_OnEmulatedIgb_CreatesVfsBindsThemAndForwardsPacketsUnprivileged()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var notReady = await EmulatedLabHost.PrepareAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        Assert.SkipWhen(notReady is not null, $"SKIPPED: THE EMULATED SR-IOV LAB CANNOT RUN HERE: {notReady}");
        var job = Directory.CreateTempSubdirectory("virtsriov-lab-job-").FullName;

        // Act
        var run = await EmulatedLabHost.RunAsync(
            job,
            ["dotnet", VirtsriovCli.DllPath, "lab-run", "--pf", "auto", "--vfs", "7", "--bind", "2", "--testpmd-seconds", "8", "--out", "result.json"],
            GuestTimeout,
            cancellationToken).WaitAsync(GuestTimeout + TimeSpan.FromMinutes(1), cancellationToken);

        // Assert
        var resultPath = Path.Combine(job, "result.json");
        Assert.True(File.Exists(resultPath), $"run.sh exit {run.ExitCode}, no result.json; {run.StandardError}\nconsole:\n{ReadTail(Path.Combine(job, "console.log"))}");
        var result = await LabJson.ReadAsync(resultPath, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"guest wall clock {File.ReadAllText(Path.Combine(job, "wall-seconds")).Trim()} s; timings {result.Timings}; " +
            string.Join("; ", result.Checks.Select(c => $"{c.Id}: {c.Observed}")));

        var iommu = Assert.Single(result.Preflight!.Findings, f => f.Id == "iommu.enabled");
        Assert.Equal(FindingSeverity.Ok, iommu.Severity);
        var pf = result.Pf!;
        Assert.Equal(("8086", "10c9", "igb", 7), (pf.VendorId, pf.DeviceId, pf.Driver, pf.TotalVfs));
        // Preflight runs before lab-run sets the PF up: a PF with its link down that is not the planned one is Info, not Ok.
        var nic = Assert.Single(result.Preflight.Findings, f => f.Id == $"sriov.nic.{pf.Address}");
        Assert.True(nic.Severity is FindingSeverity.Ok or FindingSeverity.Info, $"{nic.Severity}: {nic.Observed}");
        Assert.Contains("8086:10c9 igb", nic.Observed, StringComparison.Ordinal);
        Assert.Contains("of 7 VFs", nic.Observed, StringComparison.Ordinal);

        Assert.Equal(7, result.Vfs.Count);
        Assert.All(result.Vfs, vf =>
        {
            Assert.Equal("10ca", vf.DeviceId);
            Assert.Equal("vfio-pci", vf.Driver);
            Assert.NotNull(vf.IommuGroup);
        });
        Assert.NotNull(result.Timings.CreateToAllBound);

        var testpmd = result.Testpmd!;
        Assert.Equal(65534, testpmd.Uid);
        Assert.Equal("VA", testpmd.IovaMode);
        Assert.Empty(testpmd.Summary.Failures);
        Assert.Equal([0, 1], testpmd.Summary.Ports.Select(p => p.Port));
        Assert.All(testpmd.Summary.Ports, p =>
        {
            Assert.True(p.PeakRxPps > 0 && p.PeakTxPps > 0, $"port {p.Port}: peak Rx {p.PeakRxPps} pps, Tx {p.PeakTxPps} pps");
            Assert.True(p.RxPackets > 0 && p.TxPackets > 0, $"port {p.Port}: {p.RxPackets} Rx, {p.TxPackets} Tx packets");
        });
        Assert.True(result.Passed, string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Observed}")) + result.Error);
        Assert.Equal(0, run.ExitCode);

        await AssertImportedAsRunAsync(resultPath, result, cancellationToken);
    }

    /// <summary><c>virtsriov lab-import</c> stores the result as a run that the history shows like any other.</summary>
    private static async Task AssertImportedAsRunAsync(string resultPath, LabRunResult result, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("virtsriov-lab-data-").FullName;
        var import = await VirtsriovCli.RunAsync(["lab-import", resultPath, "--data", data], cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        Assert.True(import.Succeeded, import.StandardError);
        var runId = Guid.Parse(import.StandardOutput.Trim());

        await using var services = new ServiceCollection().AddVirtSriovData(data).BuildServiceProvider();
        var stored = await services.GetRequiredService<IRunStore>().GetAsync(runId, cancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(RunStatus.Succeeded, stored.Status);
        Assert.Equal(LabResultImporter.LabName, stored.LabName);
        Assert.Equal(
            [(StepKind.Preflight, StepStatus.Succeeded), (StepKind.VirtualFunctions, StepStatus.Succeeded), (StepKind.DpdkTest, StepStatus.Succeeded)],
            stored.Steps.Where(s => s.Status != StepStatus.Pending).OrderBy(s => s.Step).Select(s => (s.Step, s.Status)));
        var events = await services.GetRequiredService<IRunEventStore>().ReadAsync(runId, 0, int.MaxValue, cancellationToken);
        Assert.Equal(result.Testpmd!.Samples.Count, events.Count(e => e.Sample is not null));
        var artifacts = await services.GetRequiredService<IRunStore>().ListArtifactsAsync(runId, cancellationToken);
        Assert.Contains(artifacts, a => a.Name == LabResultImporter.ArtifactName);
    }

    private static string ReadTail(string path) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(40)) : "(no console log)";
}
