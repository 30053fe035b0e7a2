namespace MidTrain.Core.Configuration;

/// <summary>Marks an options property that is set in code, never from configuration (delegates, tables, services).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ConfigIgnoreAttribute : Attribute;
