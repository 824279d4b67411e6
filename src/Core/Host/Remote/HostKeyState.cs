namespace VirtSriov.Core.Host.Remote;

/// <summary>What a lab's SSH host offered, for the Labs page: trusted, unknown (confirm the fingerprint once), changed (refused), or not reached.</summary>
/// <param name="Verdict">Null when the host could not be asked (unreachable, key refused).</param>
/// <param name="KeyType">The offered key's type, e.g. <c>ssh-ed25519</c>, when unknown.</param>
/// <param name="Fingerprint">Its SHA256 fingerprint, when unknown.</param>
/// <param name="Message">What happened.</param>
/// <param name="Fix">What to do, when something is to be done.</param>
public sealed record HostKeyState(HostKeyVerdict? Verdict, string? KeyType, string? Fingerprint, string Message, string? Fix)
{
    /// <summary>Connects once and reports what the host's key is to the dashboard.</summary>
    public static HostKeyState Check(SshTarget target, SshCredentials credentials)
    {
        using var connection = new SshConnection(target, credentials);
        try
        {
            connection.Open();
            return new HostKeyState(HostKeyVerdict.Trusted, null, null, $"{target}: host key trusted (known_hosts)", null);
        }
        catch (Steps.ActionableException e)
        {
            return e.InnerException switch
            {
                UnknownHostKeyException unknown => new HostKeyState(HostKeyVerdict.Unknown, unknown.KeyType, unknown.Fingerprint, e.Message, e.Fix),
                HostKeyChangedException => new HostKeyState(HostKeyVerdict.Changed, null, null, e.Message, e.Fix),
                _ => new HostKeyState(null, null, null, e.Message, e.Fix),
            };
        }
    }
}
