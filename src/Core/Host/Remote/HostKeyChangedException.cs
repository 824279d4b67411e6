namespace VirtSriov.Core.Host.Remote;

/// <summary>The host offered another key than known_hosts holds for it (carried inside the refusal's <see cref="Steps.ActionableException"/>).</summary>
public sealed class HostKeyChangedException : Exception
{
    public HostKeyChangedException(string offered)
        : base($"The host offered {offered}, which differs from known_hosts.") => Offered = offered;

    public HostKeyChangedException()
        : this("")
    {
    }

    public HostKeyChangedException(string offered, Exception innerException)
        : base($"The host offered {offered}, which differs from known_hosts.", innerException) => Offered = offered;

    /// <summary>Key type and fingerprint the host offered.</summary>
    public string Offered { get; }
}
