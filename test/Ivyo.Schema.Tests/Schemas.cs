using System.Text.Json.Nodes;
using Ivyo.Schema.Json;
using k8s;
using k8s.Models;

namespace Ivyo.Schema.Tests;

/// <summary>Test schemas and objects written as YAML.</summary>
internal static class Schemas
{
    public static V1JSONSchemaProps FromYaml(string yaml) =>
        KubernetesJson.Deserialize<V1JSONSchemaProps>(YamlJson.Parse(yaml)!.ToJsonString());

    public static JsonNode Object(string yaml) => YamlJson.Parse(yaml)!;

    /// <summary>A resource root whose spec has the given YAML schema (indented as a property of "properties").</summary>
    public static V1JSONSchemaProps Root(string specYaml) => FromYaml($"""
        type: object
        properties:
          apiVersion: {"{"}type: string{"}"}
          kind: {"{"}type: string{"}"}
          metadata: {"{"}type: object{"}"}
          spec:
        {Indent(specYaml, 4)}
        """);

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => new string(' ', spaces) + line));

    /// <summary>The cluster-like schema most validation tests use.</summary>
    public static V1JSONSchemaProps Cluster { get; } = Root("""
        type: object
        required: [postgresVersion]
        properties:
          postgresVersion: {type: integer, format: int32, minimum: 10, maximum: 18}
          port: {type: integer, format: int32, minimum: 1024, default: 5432}
          imagePullPolicy: {type: string, enum: [Always, Never, IfNotPresent]}
          name: {type: string, minLength: 3, maxLength: 5}
          ratio: {type: number, maximum: 2.5}
          createdAt: {type: string, format: date-time}
          note: {type: string, nullable: true}
          instances:
            type: array
            minItems: 1
            maxItems: 3
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [name]
            items:
              type: object
              required: [name]
              properties:
                name: {type: string}
                replicas: {type: integer, format: int32, default: 1}
          ports:
            type: array
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [containerPort, protocol]
            items:
              type: object
              required: [containerPort]
              properties:
                containerPort: {type: integer, format: int32}
                protocol: {type: string, default: TCP}
          tags:
            type: array
            x-kubernetes-list-type: set
            items: {type: string}
          backups:
            type: object
            properties:
              pgbackrest:
                type: object
                properties:
                  repos:
                    type: array
                    items:
                      type: object
                      properties:
                        name: {type: string, pattern: '^repo[1-4]'}
          minAvailable:
            anyOf: [{type: integer}, {type: string}]
            x-kubernetes-int-or-string: true
          limits:
            type: object
            additionalProperties:
              anyOf: [{type: integer}, {type: string}]
              pattern: ^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$
              x-kubernetes-int-or-string: true
          config:
            type: object
            x-kubernetes-preserve-unknown-fields: true
          patroni:
            type: object
            properties:
              port: {type: integer, default: 8008}
              leaseSeconds: {type: integer, default: 30}
          service:
            type: object
            default: {}
            properties:
              type: {type: string, default: ClusterIP}
          users:
            type: object
            additionalProperties:
              type: object
              properties:
                superuser: {type: boolean, default: false}
        """);

    /// <summary>A valid resource for <see cref="Cluster"/> with the given spec fields (a YAML mapping) set over the base spec.</summary>
    public static JsonNode ClusterObject(string specFields = "") => WithSpec("""
        apiVersion: ivyo.example.org/v1beta1
        kind: SampleCluster
        metadata:
          name: hippo
        spec:
          postgresVersion: 16
          instances:
          - name: a
        """, specFields);

    /// <summary>Parses <paramref name="objectYaml"/> and sets the fields of <paramref name="specFields"/> on its spec.</summary>
    public static JsonNode WithSpec(string objectYaml, string specFields)
    {
        var obj = Object(objectYaml);
        if (specFields.Trim().Length > 0)
        {
            foreach (var (key, value) in Object(specFields).AsObject().ToList())
            {
                obj["spec"]![key] = value?.DeepClone();
            }
        }

        return obj;
    }
}
