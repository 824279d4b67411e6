using System.Net;
using VirtSriov.Core.Processes;

namespace VirtSriov.Web.Tests.Hosting;

/// <summary>
/// scripts/install.sh into a throw-away root: the unit passes <c>systemd-analyze verify</c>, the CLI on PATH runs, the
/// installed (self-contained) dashboard answers /healthz, and --uninstall removes what was installed. One publish per run.
/// </summary>
public sealed class InstallScriptTests
{
    private static readonly ProcessRunner Processes = new();

    [Fact]
    public async Task Install_VerifyUnit_StartInstalledDashboard_Uninstall()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "SKIPPED LOUDLY: install.sh needs root (CI runs as root); run the tests as root to check the install.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(20));
        var ct = timeout.Token;
        var scripts = Path.Combine(RepositoryRoot(), "scripts");
        var root = Directory.CreateTempSubdirectory("virtsriov-install-").FullName;
        try
        {
            if (!File.Exists("/usr/bin/systemd-analyze"))
            {
                Assert.True((await Processes.RunAsync("bash", [Path.Combine(scripts, "install-prereqs.sh")], ct)).Succeeded);
            }

            var install = await Processes.RunAsync("bash", [Path.Combine(scripts, "install.sh"), "--prefix", root], ct);
            Assert.True(install.Succeeded, $"install.sh failed ({install.ExitCode}):\n{install.StandardOutput}\n{install.StandardError}");
            var unit = Path.Combine(root, "etc/systemd/system/virtsriov.service");
            var verify = await Processes.RunAsync("systemd-analyze", ["verify", unit], ct);
            var unitText = await File.ReadAllTextAsync(unit, ct);
            var help = await Processes.RunAsync(Path.Combine(root, "usr/local/bin/virtsriov"), ["--help"], ct);
            var (status, body) = await GetHealthOfInstalledDashboardAsync(Path.Combine(root, "opt/virtsriov/dashboard/VirtSriov.Web"), Path.Combine(root, "data"), ct);
            var uninstall = await Processes.RunAsync("bash", [Path.Combine(scripts, "install.sh"), "--prefix", root, "--uninstall"], ct);

            Assert.True(verify.Succeeded, $"systemd-analyze verify failed ({verify.ExitCode}):\n{verify.StandardOutput}\n{verify.StandardError}");
            Assert.Contains($"ExecStart={root}/opt/virtsriov/dashboard/VirtSriov.Web", unitText, StringComparison.Ordinal);
            Assert.True(help.Succeeded && help.StandardOutput.Contains("vfs-restore", StringComparison.Ordinal), help.StandardOutput + help.StandardError);
            Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, body));
            Assert.True(uninstall.Succeeded, uninstall.StandardError);
            Assert.False(Directory.Exists(Path.Combine(root, "opt/virtsriov")));
            Assert.False(File.Exists(unit));
            Assert.False(File.Exists(Path.Combine(root, "usr/local/bin/virtsriov")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Starts the installed binary on a loopback port the kernel picks, reads the port from its log, asks /healthz, stops it.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> GetHealthOfInstalledDashboardAsync(string binary, string dataDirectory, CancellationToken ct)
    {
        const string listening = "Now listening on: ";
        // As the unit starts it (WorkingDirectory): its appsettings.json beside it.
        string[] arguments = ["--contentRoot", Path.GetDirectoryName(binary)!, "--urls", "http://127.0.0.1:0", $"--VirtSriov:DataDirectory={dataDirectory}"];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        (HttpStatusCode, string)? health = null;
        var log = new List<string>();
        try
        {
            // Cancelling the stream kills the dashboard; the loop then drains its last lines and throws.
            await foreach (var line in Processes.StreamLinesAsync(binary, arguments, null, stop.Token))
            {
                log.Add(line);
                if (health is null && line.Contains(listening, StringComparison.Ordinal))
                {
                    using var http = new HttpClient { BaseAddress = new Uri(line[(line.IndexOf(listening, StringComparison.Ordinal) + listening.Length)..].Trim()) };
                    using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
                    health = (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
                    await stop.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (health is not null && !ct.IsCancellationRequested)
        {
        }

        Assert.True(health.HasValue, $"The installed dashboard exited before listening:\n{string.Join('\n', log)}");
        return health.Value;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "install.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No scripts/install.sh above {AppContext.BaseDirectory}.");
    }
}
