using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Host.Remote;

/// <summary>A hypervisor reached over one SSH connection: sysfs and files over SFTP, programs as SSH commands.</summary>
public sealed class SshHostTransport : IHostTransport
{
    private readonly SshConnection _connection;

    public SshHostTransport(SshConnection connection, string sysfsRoot)
    {
        _connection = connection;
        Sysfs = new SshSysfs(connection, sysfsRoot);
        Files = new SftpHostFiles(connection);
        Processes = new SshProcessRunner(connection);
    }

    public string Description => $"{_connection.Target} over SSH";

    public ISysfs Sysfs { get; }

    public IHostFiles Files { get; }

    public IProcessRunner Processes { get; }

    public void Dispose() => _connection.Dispose();
}
