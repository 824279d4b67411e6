using VirtSriov.Core.Libvirt.Native;

namespace VirtSriov.Core.Libvirt;

/// <summary>One libvirt domain (<c>virDomainPtr</c>); dispose to free the handle. Not thread-safe: use from one caller at a time.</summary>
public sealed class LibvirtDomain : IDisposable
{
    private const uint XmlInactive = 2;

    /// <summary><c>VIR_DOMAIN_UNDEFINE_NVRAM</c>.</summary>
    private const uint UndefineNvram = 4;

    private readonly DomainHandle handle;

    internal LibvirtDomain(DomainHandle handle)
    {
        this.handle = handle;
        var name = LibvirtNative.virDomainGetName(handle);
        Name = name == 0 ? throw LibvirtErrors.LastError("virDomainGetName") : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(name) ?? "";
    }

    public string Name { get; }

    /// <summary>The domain XML; the persistent definition (<c>VIR_DOMAIN_XML_INACTIVE</c>) when <paramref name="inactive"/>.</summary>
    public string GetXml(bool inactive)
    {
        var xml = LibvirtNative.virDomainGetXMLDesc(handle, inactive ? XmlInactive : 0);
        return xml == 0 ? throw LibvirtErrors.LastError($"virDomainGetXMLDesc({Name})") : LibvirtErrors.TakeString(xml);
    }

    public DomainState GetState()
    {
        return LibvirtNative.virDomainGetState(handle, out var state, out _, 0) < 0
            ? throw LibvirtErrors.LastError($"virDomainGetState({Name})")
            : (DomainState)state;
    }

    public void Start() => Check(LibvirtNative.virDomainCreate(handle), "virDomainCreate");

    /// <summary>Asks the guest to shut down; returns before it has.</summary>
    public void Shutdown() => Check(LibvirtNative.virDomainShutdown(handle), "virDomainShutdown");

    /// <summary>Stops the domain at once, like pulling the power cord.</summary>
    public void Destroy() => Check(LibvirtNative.virDomainDestroy(handle), "virDomainDestroy");

    /// <summary>Sends one JSON command to the domain's QEMU guest agent (libvirt-qemu.so.0) and returns the agent's JSON reply.</summary>
    /// <exception cref="LibvirtException">
    /// <see cref="LibvirtException.AgentUnresponsive"/> when no agent answers on the domain's channel,
    /// <see cref="LibvirtException.OperationInvalid"/> when the domain is not running, <see cref="LibvirtException.NoSupport"/>
    /// for drivers without agents (the test driver); the agent's own errors come back as libvirt errors with its message.
    /// </exception>
    public string SendAgentCommand(string command, int timeoutSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeoutSeconds, 1);
        var reply = LibvirtNative.virDomainQemuAgentCommand(handle, command, timeoutSeconds, 0);
        return reply == 0 ? throw LibvirtErrors.LastError($"virDomainQemuAgentCommand({Name}, {AgentCommandName(command)})") : LibvirtErrors.TakeString(reply);
    }

    public void Undefine() => Check(LibvirtNative.virDomainUndefine(handle), "virDomainUndefine");

    /// <summary>Undefines and deletes the domain's UEFI variable store (VIR_DOMAIN_UNDEFINE_NVRAM).</summary>
    public void UndefineWithNvram() => Check(LibvirtNative.virDomainUndefineFlags(handle, UndefineNvram), "virDomainUndefineFlags(VIR_DOMAIN_UNDEFINE_NVRAM)");

    public void Dispose() => handle.Dispose();

    /// <summary>The "execute" name only: arguments (file contents, command lines) stay out of error messages.</summary>
    private static string AgentCommandName(string command)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(command)?["execute"]?.GetValue<string>() ?? "(no execute)";
        }
        catch (System.Text.Json.JsonException)
        {
            return "(not JSON)";
        }
    }

    private void Check(int result, string call)
    {
        if (result < 0)
        {
            throw LibvirtErrors.LastError($"{call}({Name})");
        }
    }
}
