using System.Text.Json;

namespace MidTrain.Datasets.Parquet;

/// <summary>
/// Something a JSON property's value is read into, by the property's name: a leaf column, or a group of columns
/// filled from one property of a row.
/// </summary>
internal abstract class PropertyTarget
{
    private readonly byte[] _utf8Name;

    protected PropertyTarget(string name)
    {
        Name = name;
        _utf8Name = System.Text.Encoding.UTF8.GetBytes(name);
    }

    /// <summary>The JSON property (and Parquet field) name.</summary>
    public string Name { get; }

    /// <summary>Whether <paramref name="property"/> is this target's (compared as UTF-8, without transcoding).</summary>
    public bool Matches(JsonProperty property) => property.NameEquals(_utf8Name);

    /// <summary>
    /// Sets <paramref name="values"/>[i] to the value of <paramref name="element"/>'s property that
    /// <paramref name="targets"/>[i] takes, and to Undefined (which no property's value is) where there is none, in one
    /// walk of the properties. MidTrain writes an object's keys in the order the targets are declared, some of them
    /// left out, so each property is compared with the targets from the one after the last match onwards, wrapping
    /// around: a property out of order or unknown costs one comparison per target, never a lookup by name. A repeated
    /// key counts as its last occurrence, as a lookup by name reads it.
    /// </summary>
    public static void Match(JsonElement element, PropertyTarget[] targets, JsonElement[] values)
    {
        Array.Clear(values);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var next = 0;
        foreach (var property in element.EnumerateObject())
        {
            for (var tried = 0; tried < targets.Length; tried++)
            {
                var i = next + tried < targets.Length ? next + tried : next + tried - targets.Length;
                if (targets[i].Matches(property))
                {
                    values[i] = property.Value;
                    next = i + 1 < targets.Length ? i + 1 : 0;
                    break;
                }
            }
        }
    }
}
