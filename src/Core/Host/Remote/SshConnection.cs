using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// The dashboard's SSH connection to one lab's host: key authentication, the host key checked against known_hosts,
/// opened on first use and kept; a lost connection fails the call that saw it (with the cause named) and the next call
/// reconnects. Commands run on one session; files and sysfs go through SFTP on a second, so a long-running command
/// never holds a read up.
/// </summary>
public sealed class SshConnection(SshTarget target, SshCredentials credentials) : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private SshClient? _commands;
    private SftpClient? _files;

    public SshTarget Target { get; } = target;

    /// <summary>Connects both sessions now, so an unreachable host or an untrusted key is reported when the lab opens.</summary>
    /// <exception cref="ActionableException">Unreachable, refused key, unknown or changed host key.</exception>
    public void Open()
    {
        _ = Commands();
        _ = Files();
    }

    /// <summary>Runs one call on the command session; a lost connection becomes an <see cref="ActionableException"/> naming the call.</summary>
    public async Task<T> RunAsync<T>(string call, Func<SshClient, Task<T>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var client = Commands();
        try
        {
            return await action(client).ConfigureAwait(false);
        }
        catch (Exception e) when (IsLost(e) && !cancellationToken.IsCancellationRequested)
        {
            throw Lost(call, e);
        }
    }

    /// <summary>Runs one blocking call on the command session (for the synchronous sysfs seam).</summary>
    public T Run<T>(string call, Func<SshClient, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var client = Commands();
        try
        {
            return action(client);
        }
        catch (Exception e) when (IsLost(e))
        {
            throw Lost(call, e);
        }
    }

    /// <summary>Runs one call on the SFTP session; a lost connection becomes an <see cref="ActionableException"/> naming the call.</summary>
    public T Sftp<T>(string call, Func<SftpClient, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var client = Files();
        try
        {
            return action(client);
        }
        catch (Exception e) when (IsLost(e))
        {
            throw Lost(call, e);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Close();
        }
    }

    private SshClient Commands()
    {
        lock (_gate)
        {
            return _commands is { IsConnected: true } ? _commands : _commands = Connect(c => new SshClient(c));
        }
    }

    private SftpClient Files()
    {
        lock (_gate)
        {
            return _files is { IsConnected: true } ? _files : _files = Connect(c => new SftpClient(c));
        }
    }

    private T Connect<T>(Func<ConnectionInfo, T> create)
        where T : BaseClient
    {
        PrivateKeyFile key;
        try
        {
            key = new PrivateKeyFile(credentials.PrivateKeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SshException)
        {
            throw new ActionableException(
                $"The SSH key {credentials.PrivateKeyPath} for {Target} could not be read: {e.Message}",
                "Check that the key file exists, is an OpenSSH private key without a passphrase and is readable by the dashboard (mode 0600).",
                failedCall: $"ssh {Target}",
                field: "LibvirtUri",
                inner: e);
        }

        var info = new PrivateKeyConnectionInfo(Target.Host, Target.Port, Target.User, key) { Timeout = ConnectTimeout };
        var client = create(info);
        client.KeepAliveInterval = KeepAlive;
        var knownHosts = new KnownHosts(credentials.KnownHostsPath);
        UnknownHostKeyException? unknown = null;
        string? changed = null;
        client.HostKeyReceived += (_, e) =>
        {
            var verdict = knownHosts.Verify(Target, e.HostKeyName, e.HostKey);
            unknown = verdict == HostKeyVerdict.Unknown ? new UnknownHostKeyException(Target, e.HostKeyName, e.HostKey) : null;
            changed = verdict == HostKeyVerdict.Changed ? $"{e.HostKeyName} {KnownHosts.Fingerprint(e.HostKey)}" : null;
            e.CanTrust = verdict == HostKeyVerdict.Trusted;
        };

        try
        {
            client.Connect();
            return client;
        }
        catch (Exception e) when (e is SshException or SocketException or ProxyException or InvalidOperationException)
        {
            client.Dispose();
            throw ConnectFailed(e, unknown, changed);
        }
    }

    private ActionableException ConnectFailed(Exception e, UnknownHostKeyException? unknown, string? changed)
    {
        var call = $"ssh {Target}";
        if (unknown is not null)
        {
            return new ActionableException(
                $"{Target} is not in known_hosts yet; it offered the {unknown.KeyType} host key {unknown.Fingerprint}.",
                $"Compare the fingerprint with 'ssh-keygen -lf /etc/ssh/ssh_host_{KeyFileName(unknown.KeyType)}_key.pub' run on the host itself; if it is the same, trust it once on the Labs page.",
                call,
                field: "LibvirtUri",
                inner: unknown);
        }

        if (changed is not null)
        {
            return new ActionableException(
                $"{Target} offered the host key {changed}, which differs from the one in {credentials.KnownHostsPath}: refused. Either the host was reinstalled or someone is between the dashboard and the host.",
                $"Find out why the key changed. Only if the host was reinstalled, remove its line from {credentials.KnownHostsPath} ('ssh-keygen -R \"{Target.KnownHostsName}\" -f {credentials.KnownHostsPath}') and trust the new key on the Labs page.",
                call,
                field: "LibvirtUri",
                inner: new HostKeyChangedException(changed, e));
        }

        if (e is SshAuthenticationException)
        {
            return new ActionableException(
                $"{Target} refused the dashboard's SSH key: {e.Message}",
                $"Add the dashboard's public key ({credentials.PublicKeyPath}) to ~{Target.User}/.ssh/authorized_keys on the host.",
                call,
                field: "LibvirtUri",
                inner: e);
        }

        return new ActionableException(
            $"{Target} could not be reached over SSH: {e.Message}",
            $"Check that the host is up, that sshd listens on port {Target.Port} and that no firewall blocks it; then try again.",
            call,
            field: "LibvirtUri",
            inner: e);
    }

    private ActionableException Lost(string call, Exception e)
    {
        lock (_gate)
        {
            Close();
        }

        return new ActionableException(
            $"The SSH connection to {Target} was lost during '{call}': {e.Message}",
            "Check that the host is still up and reachable; then apply the step again (the connection is reopened, and the step picks up from what the host shows).",
            call,
            inner: e);
    }

    private void Close()
    {
        _commands?.Dispose();
        _files?.Dispose();
        _commands = null;
        _files = null;
    }

    private static bool IsLost(Exception e) =>
        e is SshConnectionException or SshOperationTimeoutException or SocketException or ObjectDisposedException
        || (e is InvalidOperationException && e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase));

    private static string KeyFileName(string keyType) => keyType switch
    {
        "ssh-ed25519" => "ed25519",
        "ssh-rsa" or "rsa-sha2-256" or "rsa-sha2-512" => "rsa",
        _ when keyType.StartsWith("ecdsa", StringComparison.Ordinal) => "ecdsa",
        _ => "*",
    };
}
