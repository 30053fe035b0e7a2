using MidTrain.Core.Records;
using MidTrain.Tests;

namespace MidTrain.Verifiers.Tests.Plugins;

internal static class PluginTestKit
{
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static string ChaosScript => Path.Combine(AppContext.BaseDirectory, "Plugins", "Scripts", "chaos_plugin.py");

    public static string ExampleScript => Path.Combine(TestPaths.RepoRoot, "examples", "plugins", "python", "answer_contains.py");

    public static Sample Numbered(int n) => new()
    {
        Id = "s" + n,
        Source = new SourceSpan("doc", 0, 0, 0),
        Messages = [new Message(Message.User, "q"), new Message(Message.Assistant, "a")],
        Fields = new Dictionary<string, System.Text.Json.JsonElement> { ["n"] = System.Text.Json.JsonSerializer.SerializeToElement(n) },
    };
}
