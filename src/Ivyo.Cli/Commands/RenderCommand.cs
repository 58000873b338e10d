using System.CommandLine;
using Ivyo.Cli.Rendering;
using Ivyo.Manifests;

namespace Ivyo.Cli.Commands;

/// <summary>
/// <c>ivyo render -f FILE | -k DIR</c>: prints every object IVYO would create for the IvoryClusters in the input, as
/// sorted multi-document YAML, like <c>helm template</c>. Nothing is sent to any cluster.
/// </summary>
public static class RenderCommand
{
    public static Command Create(TextWriter output, TextWriter error, TextReader input)
    {
        var file = new Option<string[]>("--filename", "-f")
        {
            Description = "A manifest file, a directory of manifests, or - for standard input. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var kustomize = new Option<string?>("--kustomize", "-k") { Description = "A kustomization directory." };
        var seed = new Option<int?>("--seed")
        {
            Description = "Seed for generated names and passwords, for reproducible output. Certificates are always new.",
        };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The namespace of objects that name none (default: default)." };

        var command = new Command("render", "Print every Kubernetes object IVYO makes for the IvoryClusters in the input.")
        {
            file, kustomize, seed, ns,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(file) ?? [];
            var directory = parse.GetValue(kustomize);
            if ((files.Length == 0) == (directory is null))
            {
                error.WriteLine("error: give either -f FILE or -k DIRECTORY");
                return ExitCodes.InvalidInput;
            }

            IReadOnlyList<ManifestDocument> documents;
            try
            {
                documents = directory is not null
                    ? ManifestLoader.LoadKustomization(directory)
                    : [.. files.SelectMany(path => ManifestLoader.LoadFile(path, input))];
            }
            catch (ManifestException e)
            {
                error.WriteLine("error: " + e.Message);
                return ExitCodes.InvalidInput;
            }

            var renderer = new ClusterRenderer(new RenderOptions(parse.GetValue(seed), parse.GetValue(ns) ?? "default"));
            var result = renderer.Render(documents);
            foreach (var message in result.Messages)
            {
                error.WriteLine(message);
            }

            if (!result.Succeeded)
            {
                return ExitCodes.InvalidInput;
            }

            output.Write(result.Yaml);
            return ExitCodes.Success;
        });
        return command;
    }
}
