using System.CommandLine;
using Ivyo.LocalCluster.Hosting.Control;

namespace Ivyo.Cli.Commands;

/// <summary>
/// Fault injection on a cluster that <c>ivyo local up</c> started, through its control socket
/// (<c>&lt;data&gt;/control.sock</c>): <c>kill</c>, <c>node stop|start</c>, <c>partition pod|node</c>, <c>heal</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class LocalFaultCommands
{
    public static IEnumerable<Command> Create(TextWriter output, Option<string> data)
    {
        var pod = new Argument<string>("pod") { Description = "The pod, as <namespace>/<name> or <name> (namespace default)." };
        var container = new Option<string?>("--container", "-c") { Description = "The container (default: the pod's default container)." };
        var kill = new Command("kill", "SIGKILL a container's main process; the kubelet restarts it per restartPolicy.") { pod, container, data };
        kill.SetAction((parse, ct) =>
        {
            var (ns, name) = PodReference(parse.GetValue(pod)!);
            var query = $"/kill?namespace={Uri.EscapeDataString(ns)}&pod={Uri.EscapeDataString(name)}";
            if (parse.GetValue(container) is { } c)
            {
                query += "&container=" + Uri.EscapeDataString(c);
            }

            return SendAsync(output, parse.GetValue(data)!, query, ct);
        });

        var nodeName = new Argument<string>("node") { Description = "The node, such as node-2." };
        var stop = new Command("stop", "Stop a node as a power cut would: its pods' processes die at once, it stops heartbeating.") { nodeName, data };
        stop.SetAction((parse, ct) => SendAsync(output, parse.GetValue(data)!, "/nodes/stop?node=" + Uri.EscapeDataString(parse.GetValue(nodeName)!), ct));
        var start = new Command("start", "Start a stopped node again: it registers and runs the pods still bound to it.") { nodeName, data };
        start.SetAction((parse, ct) => SendAsync(output, parse.GetValue(data)!, "/nodes/start?node=" + Uri.EscapeDataString(parse.GetValue(nodeName)!), ct));
        var node = new Command("node", "Stop or start a node.") { stop, start };

        var partitionPod = new Command("pod", "Cut a pod off from every other pod and from the API server.") { pod, data };
        partitionPod.SetAction((parse, ct) => SendAsync(output, parse.GetValue(data)!, "/partition/pod?" + PodQuery(parse.GetValue(pod)!), ct));
        var partitionNode = new Command("node", "Cut a node off: its pods reach only each other, its kubelet loses the API server.") { nodeName, data };
        partitionNode.SetAction((parse, ct) => SendAsync(output, parse.GetValue(data)!, "/partition/node?node=" + Uri.EscapeDataString(parse.GetValue(nodeName)!), ct));
        var partition = new Command("partition", "Partition a pod or a node (ivyo local heal undoes it).") { partitionPod, partitionNode };

        var healPod = new Command("pod", "Heal a pod's partition.") { pod, data };
        healPod.SetAction((parse, ct) => SendAsync(output, parse.GetValue(data)!, "/heal?" + PodQuery(parse.GetValue(pod)!), ct));
        var healNode = new Command("node", "Heal a node's partition.") { nodeName, data };
        healNode.SetAction((parse, ct) => SendAsync(output, parse.GetValue(data)!, "/heal?node=" + Uri.EscapeDataString(parse.GetValue(nodeName)!), ct));
        var heal = new Command("heal", "Heal every partition, or the one given.") { healPod, healNode, data };
        heal.SetAction((parse, ct) => SendAsync(output, parse.GetValue(data)!, "/heal", ct));

        return [kill, node, partition, heal];
    }

    private static (string Namespace, string Name) PodReference(string text) =>
        text.Split('/', 2) is [var ns, var name] ? (ns, name) : ("default", text);

    private static string PodQuery(string text)
    {
        var (ns, name) = PodReference(text);
        return $"namespace={Uri.EscapeDataString(ns)}&pod={Uri.EscapeDataString(name)}";
    }

    private static async Task<int> SendAsync(TextWriter output, string data, string query, CancellationToken cancellationToken)
    {
        var socket = Path.Combine(Path.GetFullPath(data), "control.sock");
        if (!File.Exists(socket))
        {
            await output.WriteLineAsync($"The local cluster in {Path.GetFullPath(data)} is not running (no {socket}; ivyo local up starts it).");
            return ExitCodes.Failure;
        }

        using var client = new ControlClient(socket);
        var (done, message) = await client.PostAsync(query, cancellationToken);
        await output.WriteLineAsync(message);
        return done ? ExitCodes.Success : ExitCodes.Failure;
    }
}
