using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>The wizard's settings were refused; each error names its field.</summary>
public sealed class RunSettingsException : Exception
{
    public RunSettingsException(IReadOnlyList<FieldError> errors)
        : base("The run settings are not valid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
    {
        Errors = errors;
    }

    public RunSettingsException()
        : this([])
    {
    }

    public RunSettingsException(string message)
        : base(message)
    {
        Errors = [];
    }

    public RunSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<FieldError> Errors { get; }
}
