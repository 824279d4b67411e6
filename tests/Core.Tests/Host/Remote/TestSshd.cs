using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Processes;
using Xunit;

namespace VirtSriov.Core.Tests.Host.Remote;

/// <summary>
/// A real OpenSSH sshd (Debian's openssh-server) on a free loopback port, with a throw-away host key and client key in
/// a temporary folder; configured only from the command line (<c>-f /dev/null</c>), so the host's sshd_config is never read.
/// Optionally started in a mount namespace of its own where <c>/sys</c> is another tree: that sshd's sessions see a
/// different machine than the test does.
/// </summary>
public sealed class TestSshd : IDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string? _sysOverlay;
    private Process? _server;

    private TestSshd(string folder, int port, string? sysOverlay)
    {
        Folder = folder;
        Port = port;
        _sysOverlay = sysOverlay;
    }

    public string Folder { get; }

    public int Port { get; }

    public string HostKeyPath => Path.Combine(Folder, "host_ed25519");

    public SshCredentials Credentials => new(Path.Combine(Folder, "client_ed25519"), Path.Combine(Folder, "known_hosts"));

    public SshTarget Target => new("root", "127.0.0.1", Port);

    /// <summary>Starts sshd; skips the test when openssh-server or root is missing (fails instead under CI=true).</summary>
    public static async Task<TestSshd> StartAsync(string? sysOverlay = null)
    {
        if (!File.Exists(Sshd) || Environment.UserName != "root")
        {
            var why = $"the SSH transport tests need {Sshd} (apt-get install openssh-server) and root";
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", why);
            Assert.Skip(why);
        }

        var folder = Directory.CreateTempSubdirectory("virtsriov-sshd-").FullName;
        var sshd = new TestSshd(folder, FreePort(), sysOverlay);
        await KeygenAsync(sshd.HostKeyPath).ConfigureAwait(false);
        await KeygenAsync(sshd.Credentials.PrivateKeyPath).ConfigureAwait(false);
        File.Copy(sshd.Credentials.PublicKeyPath, Path.Combine(folder, "authorized_keys"));
        Directory.CreateDirectory("/run/sshd");
        await sshd.RestartAsync().ConfigureAwait(false);
        return sshd;
    }

    /// <summary>Trusts the server's host key in the client's known_hosts, as an operator who confirmed it would.</summary>
    public void TrustHostKey()
    {
        var fields = File.ReadAllText(HostKeyPath + ".pub").Split(' ');
        new KnownHosts(Credentials.KnownHostsPath).Trust(Target, fields[0], Convert.FromBase64String(fields[1]));
    }

    /// <summary>The fingerprint <c>ssh-keygen -lf</c> prints for the host key.</summary>
    public async Task<string> HostKeyFingerprintAsync()
    {
        var result = await new ProcessRunner().RunAsync("ssh-keygen", ["-lf", HostKeyPath + ".pub"], CancellationToken.None).WaitAsync(StartTimeout).ConfigureAwait(false);
        return result.StandardOutput.Split(' ')[1];
    }

    /// <summary>Kills the server and every session it has open (the connection drops), then starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        Stop();
        string[] sshd =
        [
            Sshd, "-D", "-e", "-f", "/dev/null", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "ListenAddress=127.0.0.1", "-o", $"HostKey={HostKeyPath}", "-o", $"AuthorizedKeysFile={Path.Combine(Folder, "authorized_keys")}",
            "-o", "PermitRootLogin=prohibit-password", "-o", "PasswordAuthentication=no", "-o", "UsePAM=no", "-o", "UseDNS=no",
            "-o", "StrictModes=no", "-o", "PidFile=none", "-o", "Subsystem=sftp internal-sftp",
        ];
        var (file, arguments) = _sysOverlay is null
            ? (sshd[0], sshd[1..])
            : ("unshare", ["--mount", "--propagation", "private", "--", "sh", "-c", "mount --bind \"$1\" /sys && shift && exec \"$@\"", "sh", _sysOverlay, .. sshd]);
        _server = ProcessRunner.Start(file, arguments);
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (await _server.StandardError.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("Server listening on", StringComparison.Ordinal))
            {
                _ = _server.StandardError.ReadToEndAsync(CancellationToken.None);
                return;
            }
        }

        throw new InvalidOperationException($"sshd exited with {_server.ExitCode} before listening on port {Port}.");
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(Folder, recursive: true);
    }

    private void Stop()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(StartTimeout);
        }

        _server?.Dispose();
        _server = null;
    }

    private static async Task KeygenAsync(string path)
    {
        var result = await new ProcessRunner().RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path], CancellationToken.None).WaitAsync(StartTimeout).ConfigureAwait(false);
        Assert.True(result.Succeeded, result.StandardError);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
