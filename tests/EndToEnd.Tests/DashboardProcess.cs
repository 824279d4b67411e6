using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>The real dashboard, started as its own process on a free loopback port with an empty data folder.</summary>
public sealed partial class DashboardProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _output = Channel.CreateUnbounded<string>();

    private DashboardProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public List<string> Output { get; } = [];

    /// <summary>
    /// Starts the dashboard on <paramref name="port"/> (a free one when null) over <paramref name="dataDirectory"/> (a new
    /// one when null); <paramref name="settings"/> are extra configuration options, e.g. <c>--VirtSriov:Key value</c>.
    /// </summary>
    public static DashboardProcess Start(string? dataDirectory = null, IEnumerable<string>? settings = null, int? port = null)
    {
        port ??= FreePort();
        var data = dataDirectory ?? Directory.CreateTempSubdirectory("virtsriov-e2e-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WebAssembly)!,
        };
        foreach (var a in new[] { WebAssembly, "--urls", $"http://127.0.0.1:{port}", "--VirtSriov:DataDirectory", data }.Concat(settings ?? []))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        return new DashboardProcess(process, new Uri($"http://127.0.0.1:{port}/"), data);
    }

    /// <summary>The one-time setup link the dashboard prints on first start.</summary>
    public async Task<Uri> WaitForSetupLinkAsync(CancellationToken cancellationToken)
    {
        await foreach (var line in _output.Reader.ReadAllAsync(cancellationToken))
        {
            if (SetupLink().Match(line) is { Success: true } match)
            {
                return new Uri(match.Value);
            }
        }

        throw new InvalidOperationException("The dashboard exited without printing a setup link:\n" + string.Join('\n', Output));
    }

    public async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The dashboard exited:\n" + string.Join('\n', Output));
            }

            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>The dashboard's resident memory now (VmRSS).</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>kill -9 of the dashboard alone: its children are left to their own parent-death handling, as in a real crash.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Stops the dashboard as a service manager would (SIGTERM), and waits until it has exited.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string WebAssembly
    {
        get
        {
            // tests/EndToEnd.Tests/bin/<Configuration>/net10.0/ → src/Web/bin/<Configuration>/net10.0/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var configuration = here.Parent!.Name;
            var root = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(root, "src", "Web", "bin", configuration, "net10.0", "VirtSriov.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first; dashboard not found.", dll);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            _output.Writer.TryComplete();
            return;
        }

        lock (Output)
        {
            Output.Add(line);
        }

        _output.Writer.TryWrite(line);
    }

    [GeneratedRegex(@"http://\S+/account/setup\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex SetupLink();
}
