namespace MidTrain.Core.Configuration;

/// <summary>Binds an options property through an <see cref="IConfigConverter"/> instead of the binder's own rules.</summary>
/// <param name="converterType">A type implementing <see cref="IConfigConverter"/> with a public parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ConfigConverterAttribute(Type converterType) : Attribute
{
    /// <summary>The converter type.</summary>
    public Type ConverterType { get; } = converterType;
}
