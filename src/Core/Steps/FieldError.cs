namespace VirtSriov.Core.Steps;

/// <summary>A validation error on one wizard field: which field, what is wrong and what to do.</summary>
public sealed record FieldError(string Field, string Message);
