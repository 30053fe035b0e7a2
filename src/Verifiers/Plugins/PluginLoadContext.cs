using System.Reflection;
using System.Runtime.Loader;

namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// An isolated load context for one plug-in assembly: its own dependencies come from its folder (via its
/// <c>.deps.json</c>), while the contract assemblies (MidTrain.Core, Microsoft.Extensions.* abstractions) are shared with
/// the host so that the plug-in's <c>IVerifier</c> is the host's <c>IVerifier</c>.
/// </summary>
internal sealed class PluginLoadContext(string pluginPath) : AssemblyLoadContext($"plugin:{Path.GetFileName(pluginPath)}", isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Contracts and anything the host already has resolve to the host's copy (type identity must match).
        if (Default.Assemblies.Any(a => string.Equals(a.GetName().Name, assemblyName.Name, StringComparison.Ordinal)) ||
            assemblyName.Name is { } name && (name.StartsWith("MidTrain.Core", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal)))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
