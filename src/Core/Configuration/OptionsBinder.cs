using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MidTrain.Core.Configuration;

/// <summary>
/// The one binder from configuration mappings to options objects. A property's key is its <see cref="ConfigKeyAttribute"/>
/// or the snake_case of its name; defaults are the values the options type's constructor leaves. Supported types:
/// strings, booleans, integers (an integral value only: <c>2.7</c> is an error, not 2), floating point, enums
/// (snake_case names), <see cref="TimeSpan"/> (seconds, <c>_ms</c> keys in milliseconds, or <c>500ms</c>/<c>10s</c>/<c>5m</c>/<c>12h</c>/<c>1d</c>),
/// nullable forms, lists and arrays (a scalar is a one-item list), string-keyed dictionaries, nested options classes,
/// raw <see cref="ConfigNode"/>s and <see cref="JsonNode"/>/<see cref="JsonElement"/>. Checks
/// <see cref="RangeAttribute"/> and <see cref="RequiredAttribute"/>, then <see cref="IValidatableOptions.Validate"/>;
/// every error is a <see cref="ConfigException"/> naming file, line and key. Thread-safe (type metadata is cached).
/// </summary>
public static class OptionsBinder
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<BoundProperty>> Properties = new();

    /// <summary>Binds a new <typeparamref name="T"/> from <paramref name="mapping"/>; any other key is an error.</summary>
    public static T Bind<T>(ConfigMapping mapping)
        where T : class, new() => (T)Bind(typeof(T), mapping);

    /// <summary>Binds a new <paramref name="type"/> from <paramref name="mapping"/>; any other key is an error.</summary>
    public static object Bind(Type type, ConfigMapping mapping)
    {
        var target = Create(type, mapping);
        BindInto(target, mapping, consumed: null);
        return target;
    }

    /// <summary>
    /// Sets the properties of <paramref name="target"/> whose keys are in <paramref name="mapping"/>, then validates it.
    /// With <paramref name="consumed"/>, keys it does not know are left alone and the keys it read are added to the set
    /// (so several options objects can share one mapping: call <see cref="ConfigMapping.EnsureOnly"/> with the set after
    /// the last); without it, an unknown key is an error.
    /// </summary>
    public static void BindInto(object target, ConfigMapping mapping, ISet<string>? consumed)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(mapping);
        var properties = PropertiesOf(target.GetType());
        foreach (var property in properties)
        {
            var entry = property.Keys.Select(mapping.Entry).FirstOrDefault(e => e is not null);
            if (entry is null)
            {
                if (property.Required)
                {
                    throw mapping.ErrorAt(property.Key, "is required");
                }

                continue;
            }

            consumed?.Add(entry.Key);
            var value = property.Converter is { } converter
                ? converter.Convert(entry.Value)
                : Convert(entry.Value, property.Info.PropertyType, property.Key);
            if (value is null && IsNonNullableValueType(property.Info.PropertyType))
            {
                continue; // an explicit null keeps the default
            }

            if (value is null && property.Required)
            {
                throw new ConfigException(entry.Value.File, entry.KeyLine, entry.Value.Path, "is required");
            }

            if (property.Range is { } range && value is not null)
            {
                CheckRange(range, value, entry);
            }

            property.Info.SetValue(target, value);
        }

        if (consumed is null)
        {
            mapping.EnsureOnly(properties.SelectMany(p => p.Keys));
        }

        Validate(target, mapping);
    }

    /// <summary>Runs <paramref name="options"/>' <see cref="IValidatableOptions.Validate"/>, locating its errors in <paramref name="mapping"/>.</summary>
    public static void Validate(object options, ConfigMapping mapping)
    {
        if (options is not IValidatableOptions validatable)
        {
            return;
        }

        Located(mapping, () =>
        {
            validatable.Validate();
            return true;
        });
    }

    /// <summary>
    /// Runs <paramref name="action"/> (typically building a component from bound options) and turns the
    /// <see cref="OptionsValidationException"/> or <see cref="ArgumentException"/> it throws into a
    /// <see cref="ConfigException"/> located in <paramref name="mapping"/>.
    /// </summary>
    public static T Located<T>(ConfigMapping mapping, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (OptionsValidationException ex)
        {
            throw Locate(mapping, ex.Key, ex.Detail);
        }
        catch (ArgumentException ex) when (ex is not ArgumentNullException)
        {
            var detail = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw Locate(mapping, KeyOfParameter(mapping, ex.ParamName), detail);
        }
    }

    /// <summary>The configuration key an <see cref="ArgumentException.ParamName"/> refers to (as written, or its snake_case), or null.</summary>
    private static string? KeyOfParameter(ConfigMapping mapping, string? parameter) =>
        parameter is null ? null
        : mapping.ContainsKey(parameter) ? parameter
        : mapping.ContainsKey(ConfigNames.SnakeCase(parameter)) ? ConfigNames.SnakeCase(parameter)
        : null;

    /// <summary>An error about <paramref name="key"/> (a relative, possibly dotted key) located in <paramref name="mapping"/>.</summary>
    public static ConfigException Locate(ConfigMapping mapping, string? key, string detail)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return LocateCore(mapping, key, detail);
    }

    /// <summary>The keys (and aliases) <paramref name="type"/> binds.</summary>
    public static IReadOnlyCollection<string> KeysOf(Type type) => PropertiesOf(type).SelectMany(p => p.Keys).ToArray();

    /// <summary>The primary keys <paramref name="type"/> binds, in declaration order.</summary>
    public static IReadOnlyList<string> PrimaryKeysOf(Type type) => PropertiesOf(type).Select(p => p.Key).ToArray();

    /// <summary>Converts one node to <paramref name="type"/> (the same rules as for properties).</summary>
    public static object? Convert(ConfigNode node, Type type, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(type);
        if (typeof(ConfigNode).IsAssignableFrom(type))
        {
            return type.IsInstanceOfType(node) ? node : throw node.Error($"expected a {KindOf(type)}, got a {node.KindName}");
        }

        if (type == typeof(JsonNode) || type == typeof(JsonObject) || type == typeof(JsonArray))
        {
            var json = ConfigJson.ToJson(node);
            return json is null || type.IsInstanceOfType(json) ? json : throw node.Error($"expected a {(type == typeof(JsonArray) ? "list" : "mapping")}, got a {node.KindName}");
        }

        if (type == typeof(JsonElement) || type == typeof(JsonElement?))
        {
            return JsonSerializer.SerializeToElement(ConfigJson.ToJson(node));
        }

        if (node is ConfigScalar { IsNull: true } && !(type == typeof(string) && ((ConfigScalar)node).IsQuoted))
        {
            return null;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(object))
        {
            return Plain(node);
        }

        if (IsScalarType(underlying))
        {
            if (node is not ConfigScalar scalar)
            {
                throw node.Error($"expected {Describe(underlying)}, got a {node.KindName}");
            }

            return ConvertScalar(scalar, underlying, key ?? LastKey(node.Path));
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            if (node is not ConfigMapping map)
            {
                throw node.Error($"expected a mapping, got a {node.KindName}");
            }

            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
            foreach (var entry in map.Entries)
            {
                dictionary[entry.Key] = Convert(entry.Value, valueType, entry.Key);
            }

            return dictionary;
        }

        if (ElementType(type) is { } elementType)
        {
            var items = node switch
            {
                ConfigSequence seq => seq.Items,
                ConfigScalar when IsScalarType(Nullable.GetUnderlyingType(elementType) ?? elementType) => [node],
                _ => throw node.Error($"expected a list, got a {node.KindName}"),
            };
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
            foreach (var item in items)
            {
                list.Add(Convert(item, elementType, key));
            }

            if (type.IsArray)
            {
                var array = Array.CreateInstance(elementType, list.Count);
                list.CopyTo(array, 0);
                return array;
            }

            return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(HashSet<>)
                ? Activator.CreateInstance(type, list)
                : list;
        }

        if (underlying.IsClass && !underlying.IsAbstract)
        {
            if (node is not ConfigMapping map)
            {
                throw node.Error($"expected a mapping, got a {node.KindName}");
            }

            return Bind(underlying, map);
        }

        throw new InvalidOperationException($"options type {type.Name} cannot be bound from configuration");
    }

    /// <summary>The options as JSON with their configuration keys (for lineage, manifests and dataset cards).</summary>
    public static JsonObject ToJson(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new JsonObject();
        foreach (var property in PropertiesOf(options.GetType()))
        {
            var value = property.Info.GetValue(options);
            result[property.Key] = property.Converter is { } converter ? converter.ToJson(value) : ValueToJson(value, property.Key);
        }

        return result;
    }

    private static JsonNode? ValueToJson(object? value, string key) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        Enum e => JsonValue.Create(ConfigNames.SnakeCase(e.ToString())),
        TimeSpan t => JsonValue.Create(key.EndsWith("_ms", StringComparison.Ordinal) ? t.TotalMilliseconds : t.TotalSeconds),
        int or long or short or byte or uint or ulong or ushort or sbyte => JsonValue.Create(System.Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double or float or decimal => JsonValue.Create(System.Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        ConfigNode node => ConfigJson.ToJson(node),
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        IDictionary dictionary => new JsonObject(dictionary.Keys.Cast<object>().Order().Select(k =>
            KeyValuePair.Create(System.Convert.ToString(k, CultureInfo.InvariantCulture)!, ValueToJson(dictionary[k], key)))),
        IEnumerable sequence => new JsonArray(sequence.Cast<object?>().Select(v => ValueToJson(v, key)).ToArray()),
        _ when value.GetType().IsClass && IsBindableClass(value.GetType()) => ToJson(value),
        _ => JsonValue.Create(value.ToString()),
    };

    private static bool IsBindableClass(Type type)
    {
        try
        {
            PropertiesOf(type);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static object Create(Type type, ConfigMapping mapping)
    {
        try
        {
            return Activator.CreateInstance(type) ?? throw new InvalidOperationException($"cannot create {type.Name}");
        }
        catch (MissingMethodException ex)
        {
            throw new InvalidOperationException($"options type {type.Name} needs a public parameterless constructor ({mapping.Path})", ex);
        }
    }

    private static ConfigException LocateCore(ConfigMapping mapping, string? key, string detail)
    {
        if (string.IsNullOrEmpty(key))
        {
            return new ConfigException(mapping.File, mapping.Line, mapping.Path, detail);
        }

        // A dotted key names a nested option; find the deepest node that exists.
        ConfigNode current = mapping;
        var parts = key.Split('.');
        foreach (var part in parts)
        {
            if (current is ConfigMapping map && map.Entry(part) is { } entry)
            {
                current = entry.Value;
                if (part == parts[^1])
                {
                    return new ConfigException(mapping.File, entry.KeyLine, entry.Value.Path, detail);
                }
            }
            else
            {
                break;
            }
        }

        return new ConfigException(mapping.File, current.Line, ConfigNode.Combine(mapping.Path, key), detail);
    }

    private static void CheckRange(RangeAttribute range, object value, ConfigEntry entry)
    {
        var number = value switch
        {
            TimeSpan t => entry.Key.EndsWith("_ms", StringComparison.Ordinal) ? t.TotalMilliseconds : t.TotalSeconds,
            IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
            _ => double.NaN,
        };
        var min = System.Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        var max = System.Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        if (double.IsNaN(number) || number < min || number > max || (range.MinimumIsExclusive && number <= min) || (range.MaximumIsExclusive && number >= max))
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{number}");
            var bounds = max >= double.MaxValue || max >= int.MaxValue && value is int || max >= long.MaxValue
                ? (range.MinimumIsExclusive ? $"must be greater than {Format(min)}" : $"must be at least {Format(min)}")
                : $"must be between {Format(min)} and {Format(max)}";
            throw new ConfigException(entry.Value.File, entry.KeyLine, entry.Value.Path, $"{bounds}, got {text}");
        }
    }

    private static string Format(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private static object ConvertScalar(ConfigScalar scalar, Type type, string key)
    {
        var text = scalar.Value ?? string.Empty;
        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(bool))
        {
            return text.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw scalar.Error($"expected true or false, got '{text}'"),
            };
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            var match = names.FirstOrDefault(n => ConfigNames.MatchesMember(text, n));
            return match is not null
                ? Enum.Parse(type, match)
                : throw scalar.Error($"must be one of {string.Join(", ", names.Select(ConfigNames.SnakeCase))}, got '{text}'");
        }

        if (type == typeof(TimeSpan))
        {
            return ParseDuration(scalar, text, key);
        }

        var cleaned = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            if (!double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            {
                throw scalar.Error($"expected a number, got '{text}'");
            }

            return System.Convert.ChangeType(d, type, CultureInfo.InvariantCulture);
        }

        // Integers: an integral value only (2.7 is an error, never silently 2); 5e9 is accepted when integral.
        if (!long.TryParse(cleaned, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            if (double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18)
            {
                l = (long)d;
            }
            else
            {
                throw scalar.Error($"expected an integer, got '{text}'");
            }
        }

        try
        {
            return System.Convert.ChangeType(l, type, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            throw scalar.Error($"{text} is out of range for this key");
        }
    }

    private static TimeSpan ParseDuration(ConfigScalar scalar, string text, string key)
    {
        var trimmed = text.Trim();
        var unit = key.EndsWith("_ms", StringComparison.Ordinal) ? 0.001 : 1.0;
        var digits = trimmed;
        foreach (var (suffix, seconds) in new[] { ("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0), ("d", 86400.0) })
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && trimmed.Length > suffix.Length
                && (suffix != "s" || !trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase)))
            {
                digits = trimmed[..^suffix.Length].Trim();
                unit = seconds;
                break;
            }
        }

        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
        {
            throw scalar.Error($"expected a duration (a number of {(key.EndsWith("_ms", StringComparison.Ordinal) ? "milliseconds" : "seconds")}, or e.g. 500ms, 10s, 5m, 12h), got '{text}'");
        }

        return TimeSpan.FromSeconds(value * unit);
    }

    private static object? Plain(ConfigNode node) => node switch
    {
        ConfigMapping map => map.Entries.ToDictionary(e => e.Key, e => Plain(e.Value), StringComparer.Ordinal),
        ConfigSequence seq => seq.Items.Select(Plain).ToList(),
        ConfigScalar { IsNull: true } => null,
        ConfigScalar scalar => scalar.Value,
        _ => null,
    };

    private static IReadOnlyList<BoundProperty> PropertiesOf(Type type) => Properties.GetOrAdd(type, static t =>
    {
        var result = new List<BoundProperty>();
        foreach (var info in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (info.GetCustomAttribute<ConfigIgnoreAttribute>() is not null || info.SetMethod is not { IsPublic: true } || info.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var converterAttribute = info.GetCustomAttribute<ConfigConverterAttribute>();
            var converter = converterAttribute is null ? null : (IConfigConverter)(Activator.CreateInstance(converterAttribute.ConverterType)
                ?? throw new InvalidOperationException($"cannot create {converterAttribute.ConverterType.Name}"));
            if (converter is null && !IsBindable(info.PropertyType))
            {
                throw new InvalidOperationException($"options property {t.Name}.{info.Name} of type {info.PropertyType.Name} cannot be bound; mark it [ConfigIgnore]");
            }

            var keyAttribute = info.GetCustomAttribute<ConfigKeyAttribute>();
            var key = keyAttribute?.Key ?? ConfigNames.SnakeCase(info.Name);
            result.Add(new BoundProperty(info, key, [key, .. keyAttribute?.Aliases ?? []], info.GetCustomAttribute<RangeAttribute>(), info.GetCustomAttribute<RequiredAttribute>() is not null, converter));
        }

        return result;
    });

    private static bool IsBindable(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalarType(underlying) || underlying == typeof(object) || typeof(ConfigNode).IsAssignableFrom(underlying)
            || typeof(JsonNode).IsAssignableFrom(underlying) || underlying == typeof(JsonElement))
        {
            return true;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return IsBindable(valueType);
        }

        if (ElementType(type) is { } elementType)
        {
            return IsBindable(elementType);
        }

        return underlying.IsClass && !underlying.IsAbstract && underlying.GetConstructor(Type.EmptyTypes) is not null && !typeof(Delegate).IsAssignableFrom(underlying);
    }

    private static bool IsScalarType(Type type) =>
        type == typeof(string) || type == typeof(bool) || type.IsEnum || type == typeof(TimeSpan) || type.IsPrimitive && type != typeof(char) && type != typeof(IntPtr) && type != typeof(UIntPtr) || type == typeof(decimal);

    private static bool IsNonNullableValueType(Type type) => type.IsValueType && Nullable.GetUnderlyingType(type) is null;

    private static Type? DictionaryValueType(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var args = type.GetGenericArguments();
        return (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>)) && args[0] == typeof(string)
            ? args[1]
            : null;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IEnumerable<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>) || definition == typeof(HashSet<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static string Describe(Type type) =>
        type == typeof(string) ? "a string"
        : type == typeof(bool) ? "true or false"
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type).Select(ConfigNames.SnakeCase))
        : type == typeof(TimeSpan) ? "a duration"
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number"
        : "an integer";

    private static string KindOf(Type type) =>
        type == typeof(ConfigMapping) ? "mapping" : type == typeof(ConfigSequence) ? "list" : type == typeof(ConfigScalar) ? "scalar" : "value";

    private static string LastKey(string path)
    {
        var dot = path.LastIndexOf('.');
        var key = dot >= 0 ? path[(dot + 1)..] : path;
        var bracket = key.IndexOf('[', StringComparison.Ordinal);
        return bracket >= 0 ? key[..bracket] : key;
    }

    private sealed record BoundProperty(PropertyInfo Info, string Key, IReadOnlyList<string> Keys, RangeAttribute? Range, bool Required, IConfigConverter? Converter);
}
