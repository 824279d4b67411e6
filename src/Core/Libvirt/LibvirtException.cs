namespace VirtSriov.Core.Libvirt;

/// <summary>A libvirt API call failed; carries libvirt's own error code, domain (subsystem) and message.</summary>
public sealed class LibvirtException : Exception
{
    public LibvirtException(string call, int code, int errorDomain, string libvirtMessage)
        : base($"{call} failed: {libvirtMessage} (libvirt error code {code}, domain {errorDomain})")
    {
        Call = call;
        Code = code;
        ErrorDomain = errorDomain;
        LibvirtMessage = libvirtMessage;
    }

    public LibvirtException()
        : this("libvirt", 0, 0, "unknown error")
    {
    }

    public LibvirtException(string message)
        : this("libvirt", 0, 0, message)
    {
    }

    public LibvirtException(string message, Exception innerException)
        : base(message, innerException)
    {
        Call = "libvirt";
        LibvirtMessage = message;
    }

    /// <summary>libvirt's error code for "this function is not supported by the connection driver" (<c>VIR_ERR_NO_SUPPORT</c>).</summary>
    public const int NoSupport = 3;

    /// <summary>libvirt's error code for a call refused on a read-only connection (<c>VIR_ERR_OPERATION_DENIED</c>).</summary>
    public const int OperationDenied = 29;

    /// <summary>libvirt's error code for an operation the object's state does not allow, e.g. on a domain that is not running (<c>VIR_ERR_OPERATION_INVALID</c>).</summary>
    public const int OperationInvalid = 55;

    /// <summary>libvirt's error code for a guest agent that is not connected, not running or not answering (<c>VIR_ERR_AGENT_UNRESPONSIVE</c>).</summary>
    public const int AgentUnresponsive = 86;

    /// <summary>libvirt's error code for "domain not found" (<c>VIR_ERR_NO_DOMAIN</c>).</summary>
    public const int NoDomain = 42;

    /// <summary>libvirt's error code for "node device not found" (<c>VIR_ERR_NO_NODE_DEVICE</c>).</summary>
    public const int NoNodeDevice = 53;

    /// <summary>The API call that failed, with its arguments, e.g. <c>virDomainLookupByName("worker-0")</c>.</summary>
    public string Call { get; }

    /// <summary><c>virErrorNumber</c>, e.g. 27 for <c>VIR_ERR_XML_ERROR</c>.</summary>
    public int Code { get; }

    /// <summary><c>virErrorDomain</c>: the libvirt subsystem that raised it.</summary>
    public int ErrorDomain { get; }

    /// <summary>libvirt's message, as it wrote it.</summary>
    public string LibvirtMessage { get; }
}
