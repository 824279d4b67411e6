using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// The dashboard's SSH identity in its data folder: <c>ssh/id_ed25519</c> (mode 0600, made with ssh-keygen on first
/// use) and <c>ssh/known_hosts</c>. A lab may have a key of its own in <c>labs/{id}/ssh/</c> (the emulated lab's is
/// generated per lab); it is used instead of the dashboard's.
/// </summary>
public sealed class SshKeyStore(string dataDirectory, IProcessRunner processes)
{
    private const string KeyName = "id_ed25519";

    public string KnownHostsPath => Path.Combine(dataDirectory, "ssh", "known_hosts");

    /// <summary>The folder a lab's own key lives in.</summary>
    public string LabFolder(Guid labId) => Path.Combine(dataDirectory, "labs", labId.ToString("N"), "ssh");

    public async Task<SshCredentials> GetAsync(Guid labId, CancellationToken cancellationToken)
    {
        var own = Path.Combine(LabFolder(labId), KeyName);
        var key = File.Exists(own) ? own : await EnsureKeyAsync(Path.Combine(dataDirectory, "ssh", KeyName), cancellationToken).ConfigureAwait(false);
        return new SshCredentials(key, KnownHostsPath);
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
