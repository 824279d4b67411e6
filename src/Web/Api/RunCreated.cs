namespace VirtSriov.Web.Api;

public sealed record RunCreated(Guid Id);
