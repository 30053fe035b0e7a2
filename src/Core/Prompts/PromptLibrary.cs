using System.Collections.Concurrent;
using System.Reflection;

namespace MidTrain.Core.Prompts;

/// <summary>
/// Finds prompt files: a path (absolute, or relative to a base directory) overrides; otherwise the embedded defaults
/// of the repository's <c>prompts/</c> folder (e.g. <c>backtranslation</c>, <c>judges/answerable</c>). Loaded prompts
/// are cached. Thread-safe.
/// </summary>
public static class PromptLibrary
{
    private static readonly ConcurrentDictionary<string, PromptTemplate> Cache = new(StringComparer.Ordinal);
    private static readonly Assembly Assembly = typeof(PromptLibrary).Assembly;

    /// <summary>The ids of the embedded prompts (e.g. <c>teacher/grounded_qa</c>).</summary>
    public static IReadOnlyList<string> EmbeddedIds { get; } = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("prompts/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n["prompts/".Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// Loads <paramref name="idOrPath"/>: an existing file path (taken as is, or under <paramref name="baseDirectory"/>),
    /// else an embedded prompt id.
    /// </summary>
    /// <exception cref="PromptException">Not found or unparseable.</exception>
    public static PromptTemplate Load(string idOrPath, string? baseDirectory = null)
    {
        foreach (var candidate in Candidates(idOrPath, baseDirectory))
        {
            if (File.Exists(candidate))
            {
                var full = Path.GetFullPath(candidate);
                return Cache.GetOrAdd("file:" + full + ":" + File.GetLastWriteTimeUtc(full).Ticks, _ => PromptTemplate.Parse(File.ReadAllText(full), candidate));
            }
        }

        var id = idOrPath.EndsWith(".yaml", StringComparison.Ordinal) ? idOrPath[..^5]
            : idOrPath.EndsWith(".yml", StringComparison.Ordinal) ? idOrPath[..^4]
            : idOrPath;
        var resource = $"prompts/{id}.yaml";
        return Cache.GetOrAdd("embedded:" + resource, _ =>
        {
            using var stream = Assembly.GetManifestResourceStream(resource)
                ?? throw new PromptException($"prompt '{idOrPath}' not found: no such file, and no built-in prompt of that id (built-in: {string.Join(", ", EmbeddedIds)})");
            using var reader = new StreamReader(stream);
            return PromptTemplate.Parse(reader.ReadToEnd(), "embedded:" + resource);
        });
    }

    private static IEnumerable<string> Candidates(string idOrPath, string? baseDirectory)
    {
        if (!idOrPath.EndsWith(".yaml", StringComparison.Ordinal) && !idOrPath.EndsWith(".yml", StringComparison.Ordinal))
        {
            yield break;
        }

        yield return idOrPath;
        if (baseDirectory is not null && !Path.IsPathRooted(idOrPath))
        {
            yield return Path.Combine(baseDirectory, idOrPath);
        }
    }
}
