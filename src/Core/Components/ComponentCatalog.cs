using System.Reflection;

namespace MidTrain.Core.Components;

/// <summary>
/// The component factories found in a set of assemblies: every concrete type implementing <see cref="IComponentFactory"/>
/// with a parameterless constructor, public or internal. Lookups are by factory interface and name. Built once,
/// immutable, thread-safe.
/// </summary>
public sealed class ComponentCatalog
{
    private readonly IReadOnlyList<IComponentFactory> _factories;

    /// <summary>Creates a catalog of <paramref name="factories"/>.</summary>
    /// <exception cref="InvalidOperationException">Two factories of the same kind share a name.</exception>
    public ComponentCatalog(IEnumerable<IComponentFactory> factories)
    {
        _factories = factories.ToArray();
        var clash = _factories
            .SelectMany(f => KindsOf(f.GetType()).Select(kind => (kind, f.Name, Type: f.GetType())))
            .GroupBy(x => (x.kind, x.Name))
            .FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException($"two {clash.Key.kind.Name} components are named '{clash.Key.Name}': {string.Join(", ", clash.Select(c => c.Type.FullName))}");
        }
    }

    /// <summary>Discovers the factories defined in <paramref name="assemblies"/>.</summary>
    public static ComponentCatalog Discover(params IEnumerable<Assembly> assemblies) =>
        new(assemblies.Distinct().SelectMany(FactoriesIn));

    /// <summary>Every factory.</summary>
    public IReadOnlyList<IComponentFactory> All => _factories;

    /// <summary>The factories of kind <typeparamref name="TFactory"/>, by name (ordinal order).</summary>
    public IReadOnlyList<TFactory> Of<TFactory>()
        where TFactory : IComponentFactory => _factories.OfType<TFactory>().OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();

    /// <summary>The names of kind <typeparamref name="TFactory"/>.</summary>
    public IReadOnlyList<string> Names<TFactory>()
        where TFactory : IComponentFactory => Of<TFactory>().Select(f => f.Name).ToArray();

    /// <summary>The factory of kind <typeparamref name="TFactory"/> named <paramref name="name"/>, or null.</summary>
    public TFactory? Find<TFactory>(string name)
        where TFactory : class, IComponentFactory => _factories.OfType<TFactory>().FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    private static IEnumerable<IComponentFactory> FactoriesIn(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types.OfType<Type>().ToArray();
        }

        foreach (var type in types)
        {
            if (type is { IsAbstract: false, IsInterface: false, ContainsGenericParameters: false } && typeof(IComponentFactory).IsAssignableFrom(type)
                && type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is { } constructor)
            {
                yield return (IComponentFactory)constructor.Invoke(null);
            }
        }
    }

    private static IEnumerable<Type> KindsOf(Type factoryType) =>
        factoryType.GetInterfaces().Where(i => i != typeof(IComponentFactory) && typeof(IComponentFactory).IsAssignableFrom(i));
}
