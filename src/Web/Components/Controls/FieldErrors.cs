using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>Field errors keyed by settings property name; <c>Workers[1]</c> counts as <c>Workers</c>.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string> _byField;

    public FieldErrors(IEnumerable<FieldError> errors)
    {
        _byField = errors
            .GroupBy(e => Normalize(e.Field), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)), StringComparer.OrdinalIgnoreCase);
    }

    public static FieldErrors None { get; } = new([]);

    public bool Any => _byField.Count > 0;

    public string? For(string field) => _byField.GetValueOrDefault(field);

    /// <summary>Errors whose field the form has no input for.</summary>
    public IEnumerable<string> Unmatched(IReadOnlySet<string> knownFields) =>
        _byField.Where(e => !knownFields.Contains(e.Key)).Select(e => $"{RunSettingsLabels.For(e.Key)}: {e.Value}");

    private static string Normalize(string field)
    {
        var end = field.IndexOfAny(['[', '.']);
        return end > 0 ? field[..end] : field;
    }
}
