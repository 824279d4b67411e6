namespace VirtSriov.Web.Choices;

/// <summary>A PF to offer, e.g. <c>0000:3b:00.0</c> "ens1f0, i40e, 64 VFs"; only Intel PFs are supported by the recipe.</summary>
public sealed record PfChoice(string Address, string Description, bool Supported);
