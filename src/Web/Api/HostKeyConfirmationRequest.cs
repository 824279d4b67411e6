namespace VirtSriov.Web.Api;

/// <summary>The fingerprint the operator compared with the host's own (<c>ssh-keygen -lf</c>), e.g. <c>SHA256:…</c>.</summary>
public sealed record HostKeyConfirmationRequest(string Fingerprint);
