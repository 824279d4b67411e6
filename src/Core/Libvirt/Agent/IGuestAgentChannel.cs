namespace VirtSriov.Core.Libvirt.Agent;

/// <summary>Where guest agent commands go: libvirt's <c>virDomainQemuAgentCommand</c> on a connection (<see cref="LibvirtHypervisor"/>).</summary>
public interface IGuestAgentChannel
{
    /// <summary>The libvirt URI the domains live on, for messages.</summary>
    string Uri { get; }

    /// <summary>Sends one JSON command to <paramref name="domain"/>'s agent and returns the agent's JSON reply.</summary>
    /// <exception cref="LibvirtException">libvirt's error: no agent connected, domain not running, the agent's own error.</exception>
    Task<string> SendAgentCommandAsync(string domain, string command, TimeSpan timeout, CancellationToken cancellationToken);
}
