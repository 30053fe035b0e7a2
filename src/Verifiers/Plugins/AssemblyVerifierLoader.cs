using System.Reflection;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// Loads an <see cref="IVerifier"/> implemented in a .NET assembly (a class library built against MidTrain.Core)
/// into its own <see cref="System.Runtime.Loader.AssemblyLoadContext"/>. The type needs a public parameterless
/// constructor, or one taking <c>IReadOnlyDictionary&lt;string, string&gt;</c> settings. Errors are
/// <see cref="PluginException"/>s naming the path and type. Thread-safe.
/// </summary>
public static class AssemblyVerifierLoader
{
    /// <summary>Loads <paramref name="typeName"/> from the assembly at <paramref name="assemblyPath"/> and creates an instance.</summary>
    /// <param name="assemblyPath">Path of the plug-in's main <c>.dll</c> (its dependencies beside it).</param>
    /// <param name="typeName">Full type name, e.g. <c>Contoso.Verifiers.LengthVerifier</c>; when null, the single public IVerifier in the assembly.</param>
    /// <param name="settings">Optional settings passed to a constructor that takes them.</param>
    public static IVerifier Load(string assemblyPath, string? typeName = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyPath);
        var fullPath = Path.GetFullPath(assemblyPath);
        if (!File.Exists(fullPath))
        {
            throw new PluginException($"dotnet plug-in: assembly not found: {fullPath}");
        }

        Assembly assembly;
        try
        {
            assembly = new PluginLoadContext(fullPath).LoadFromAssemblyPath(fullPath);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException)
        {
            throw new PluginException($"dotnet plug-in: cannot load {fullPath}: {ex.Message}", ex);
        }

        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw new PluginException($"dotnet plug-in: cannot read the types of {fullPath} (missing dependency?): {ex.Message}", ex);
        }

        var verifierTypes = types.Where(t => typeof(IVerifier).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToList();
        Type type;
        if (typeName is null)
        {
            if (verifierTypes.Count != 1)
            {
                throw new PluginException($"dotnet plug-in {fullPath}: name the type to load ('type:'); public IVerifier types: {Describe(verifierTypes)}");
            }

            type = verifierTypes[0];
        }
        else
        {
            type = assembly.GetType(typeName, throwOnError: false)
                ?? throw new PluginException($"dotnet plug-in {fullPath}: type '{typeName}' not found; public IVerifier types: {Describe(verifierTypes)}");
            if (!typeof(IVerifier).IsAssignableFrom(type))
            {
                var foreign = type.GetInterfaces().Any(i => i.FullName == typeof(IVerifier).FullName);
                throw new PluginException(foreign
                    ? $"dotnet plug-in {fullPath}: '{typeName}' implements a different copy of IVerifier; reference MidTrain.Core without copying it (Private=false)"
                    : $"dotnet plug-in {fullPath}: '{typeName}' does not implement {typeof(IVerifier).FullName}");
            }
        }

        try
        {
            var withSettings = type.GetConstructor([typeof(IReadOnlyDictionary<string, string>)]);
            if (withSettings is not null)
            {
                return (IVerifier)withSettings.Invoke([settings ?? new Dictionary<string, string>()]);
            }

            var parameterless = type.GetConstructor(Type.EmptyTypes)
                ?? throw new PluginException($"dotnet plug-in {fullPath}: '{type.FullName}' needs a public parameterless constructor or one taking IReadOnlyDictionary<string, string>");
            return (IVerifier)parameterless.Invoke(null);
        }
        catch (TargetInvocationException ex)
        {
            throw new PluginException($"dotnet plug-in {fullPath}: constructing '{type.FullName}' failed: {ex.InnerException?.Message}", ex.InnerException ?? ex);
        }
    }

    private static string Describe(List<Type> types) => types.Count == 0 ? "(none)" : string.Join(", ", types.Select(t => t.FullName));
}
