using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// The dashboard's SSH identity in its data folder: <c>ssh/id_ed25519</c> (mode 0600, made with ssh-keygen on first
/// use) and <c>ssh/known_hosts</c>. A host may have a key of its own in <c>ssh/hosts/{host}-{port}/</c> (the emulated
/// lab's is generated for it); it is used instead of the dashboard's by every lab that points at that host.
/// </summary>
public sealed class SshKeyStore(string dataDirectory, IProcessRunner processes)
{
    private const string KeyName = "id_ed25519";

    public string KnownHostsPath => Path.Combine(dataDirectory, "ssh", "known_hosts");

    /// <summary>Where a host's own key lives (<c>id_ed25519</c> in this folder).</summary>
    public string HostKeyPath(SshTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var name = string.Concat($"{target.Host}-{target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        return Path.Combine(dataDirectory, "ssh", "hosts", name, KeyName);
    }

    public async Task<SshCredentials> GetAsync(SshTarget target, CancellationToken cancellationToken)
    {
        var own = HostKeyPath(target);
        var key = File.Exists(own) ? own : await EnsureKeyAsync(Path.Combine(dataDirectory, "ssh", KeyName), cancellationToken).ConfigureAwait(false);
        return new SshCredentials(key, KnownHostsPath);
    }

    /// <summary>
    /// The lab's libvirt URI with the dashboard's key and known_hosts: libvirt's own ssh transport runs the ssh program,
    /// which would otherwise use the service account's ~/.ssh and could ask about an unknown host on a terminal nobody sees.
    /// </summary>
    public string LibvirtUri(string uri, SshCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(credentials);
        var wrapper = Path.Combine(dataDirectory, "ssh", "libvirt-ssh");
        var script = "#!/bin/sh\n# Written by VirtSriov: ssh for libvirt's qemu+ssh transport, trusting only the dashboard's known_hosts.\n"
            + $"exec ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile={ShellQuote.Quote(credentials.KnownHostsPath)} \"$@\"\n";
        if (!File.Exists(wrapper) || File.ReadAllText(wrapper) != script)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(wrapper)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.WriteAllText(wrapper, script);
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var separator = uri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{uri}{separator}keyfile={Uri.EscapeDataString(credentials.PrivateKeyPath)}&command={Uri.EscapeDataString(wrapper)}&no_tty=1";
    }

    /// <summary>Creates an ed25519 key pair without passphrase at the path unless one is there; folder 0700, key 0600.</summary>
    public async Task<string> EnsureKeyAsync(string privateKeyPath, CancellationToken cancellationToken)
    {
        if (File.Exists(privateKeyPath))
        {
            return privateKeyPath;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(privateKeyPath)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string[] arguments = ["-q", "-t", "ed25519", "-N", "", "-C", "virtsriov-dashboard", "-f", privateKeyPath];
        ProcessResult result;
        try
        {
            result = await processes.RunAsync("ssh-keygen", arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (ProgramNotFoundException e)
        {
            throw new ActionableException("ssh-keygen was not found: the dashboard cannot make its SSH key.", "Install openssh-client (apt-get install openssh-client).", CommandLine.Format("ssh-keygen", arguments), inner: e);
        }

        if (!result.Succeeded)
        {
            throw new ActionableException(
                $"ssh-keygen could not create {privateKeyPath} (exit {result.ExitCode}): {result.StandardError.Trim()}",
                "Check that the data folder is writable by the dashboard.",
                CommandLine.Format("ssh-keygen", arguments));
        }

        File.SetUnixFileMode(privateKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return privateKeyPath;
    }
}
