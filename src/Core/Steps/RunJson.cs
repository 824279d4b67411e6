using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace VirtSriov.Core.Steps;

/// <summary>The one JSON shape used to store plans, settings and findings.</summary>
public static class RunJson
{
    public const string PlanDetailsDiscriminator = "$type";

    // Found by reflection so that Steps names no concern folder: a details type registers itself by deriving.
    private static readonly Type[] PlanDetailsTypes = [.. typeof(StepPlanDetails).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(StepPlanDetails)) && !t.IsAbstract)
        .OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Reflection metadata plus the plan details' derived types; hosts with their own options add it to their chain.</summary>
    public static IJsonTypeInfoResolver TypeInfoResolver { get; } = new DefaultJsonTypeInfoResolver { Modifiers = { AddPlanDetailsTypes } };

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = TypeInfoResolver,
        WriteIndented = false,
    };

    private static void AddPlanDetailsTypes(JsonTypeInfo info)
    {
        if (info.Type != typeof(StepPlanDetails))
        {
            return;
        }

        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = PlanDetailsDiscriminator };
        foreach (var type in PlanDetailsTypes)
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, type.Name));
        }
    }
}
