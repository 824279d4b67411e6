namespace VirtSriov.Core.Cluster;

/// <summary>A pod's phase and, while its container waits, why (e.g. <c>ImagePullBackOff</c> with the kubelet's message).</summary>
/// <param name="AdmittedScc">The SCC OpenShift's admission chose (<c>openshift.io/scc</c> annotation), null elsewhere.</param>
public sealed record PodState(string Phase, string? WaitingReason = null, string? WaitingMessage = null, string? AdmittedScc = null)
{
    /// <summary>Waiting reasons from which the container does not recover by itself.</summary>
    public bool IsStuck => WaitingReason is "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName" or "CreateContainerConfigError" or "CreateContainerError";
}
