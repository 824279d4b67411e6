namespace VirtSriov.Web.Api;

/// <summary>
/// Body of <c>POST /api/labs</c> and <c>PUT /api/labs/{id}</c>: a host lab. <paramref name="Kubeconfig"/> (YAML) is stored
/// encrypted and never returned; on PUT, null keeps the stored one. <paramref name="KubeconfigContext"/> picks the
/// context (stored as current-context); null keeps the file's current-context. <paramref name="AllowProgramOptions"/>:
/// the operator accepts kubeconfig exec plugins or file references and libvirt URI options that run programs (the
/// dashboard runs as root, so they are refused otherwise; an accepted one is audited).
/// </summary>
public sealed record LabRequest(string? Name, string? SysfsRoot, string? LibvirtUri, string? Kubeconfig, string? KubeconfigContext, bool AllowProgramOptions = false);
