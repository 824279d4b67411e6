using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Remote;

/// <summary>The operator confirms a host's key once: trusted only when the host still offers the fingerprint they saw.</summary>
public static class HostKeyConfirmation
{
    /// <summary>Adds the host's key to known_hosts when its fingerprint is <paramref name="fingerprint"/>; nothing when already trusted.</summary>
    /// <exception cref="ActionableException">The host offers another key than the one confirmed, or cannot be reached.</exception>
    public static void Confirm(SshTarget target, SshCredentials credentials, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        using var connection = new SshConnection(target, credentials);
        try
        {
            connection.Open();
        }
        catch (ActionableException e) when (e.InnerException is UnknownHostKeyException offered)
        {
            if (offered.Fingerprint != fingerprint.Trim())
            {
                throw new ActionableException(
                    $"{target} now offers the host key {offered.Fingerprint}, not the confirmed {fingerprint}: nothing was trusted.",
                    "Compare the fingerprint on the host again (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and confirm the one it shows.",
                    $"ssh {target}",
                    field: "Fingerprint");
            }

            new KnownHosts(credentials.KnownHostsPath).Trust(target, offered.KeyType, offered.Key);
        }
    }
}
