namespace VirtSriov.Core.Kcli;

/// <summary>A cluster kcli deployed: where it wrote the kubeconfig, and its text (a secret: never logged).</summary>
public sealed record KcliDeployment(string KubeconfigPath, string Kubeconfig);
