namespace VirtSriov.Core.Host.Remote;

/// <summary>How the dashboard signs in to a lab's host: its private key (OpenSSH format, mode 0600) and the known_hosts it trusts.</summary>
public sealed record SshCredentials(string PrivateKeyPath, string KnownHostsPath)
{
    public string PublicKeyPath => PrivateKeyPath + ".pub";
}
