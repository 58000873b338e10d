using System.Text.Encodings.Web;
using System.Text.Json;
using Ivyo.LocalCluster.Protobuf;

namespace Ivyo.LocalCluster.Protobuf.Tests;

public sealed class HandBuiltBodyTests
{
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void Namespace_has_null_creation_timestamp_and_empty_spec_and_status()
    {
        var body = ProtobufWriter.Envelope("v1", "Namespace", o => o.Metadata(1, "team-a").Empty(2).Empty(3));

        AssertJson(
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a","creationTimestamp":null},"spec":{},"status":{}}""",
            body);
    }

    [Fact]
    public void ConfigMap_keeps_string_data_and_base64s_binary_data_with_sorted_keys()
    {
        var body = ProtobufWriter.Envelope("v1", "ConfigMap", o => o
            .Metadata(1, "settings", "apps")
            .MapEntry(2, "z", "last")
            .MapEntry(2, "a", "first")
            .MapEntry(3, "blob", [0x00, 0xFF, 0x10]));

        AssertJson(
            """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"settings","namespace":"apps","creationTimestamp":null},"data":{"a":"first","z":"last"},"binaryData":{"blob":"AP8Q"}}""",
            body);
    }

    [Fact]
    public void Secret_base64s_bytes_data_and_keeps_type_and_immutable()
    {
        var body = ProtobufWriter.Envelope("v1", "Secret", o => o
            .Metadata(1, "db")
            .MapEntry(2, "password", "s3cr3t"u8.ToArray())
            .String(3, "kubernetes.io/basic-auth")
            .Bool(5, false));

        AssertJson(
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db","creationTimestamp":null},"immutable":false,"data":{"password":"czNjcjN0"},"type":"kubernetes.io/basic-auth"}""",
            body);
    }

    [Fact]
    public void ServiceAccount_with_image_pull_secret_and_automount()
    {
        var body = ProtobufWriter.Envelope("v1", "ServiceAccount", o => o
            .Metadata(1, "builder")
            .Message(3, r => r.String(1, "registry"))
            .Bool(4, true));

        AssertJson(
            """{"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"builder","creationTimestamp":null},"imagePullSecrets":[{"name":"registry"}],"automountServiceAccountToken":true}""",
            body);
    }

    [Fact]
    public void Deployment_with_template_container_ports_resources_labels_and_selector()
    {
        var body = ProtobufWriter.Envelope("apps/v1", "Deployment", o => o
            .Metadata(1, "nginx", "", ("app", "nginx"))
            .Message(2, spec => spec
                .Varint(1, 2)
                .Message(2, selector => selector.MapEntry(1, "app", "nginx"))
                .Message(3, template => template
                    .Metadata(1, "", "", ("app", "nginx"))
                    .Message(2, pod => pod
                        .Message(2, c => c
                            .String(1, "nginx").String(2, "nginx:1.27")
                            .String(3, "nginx").String(3, "-g").String(4, "daemon off;")
                            .String(5, string.Empty)
                            .Message(6, port => port.String(1, "http").Varint(2, 0).Varint(3, 80).String(4, "TCP").String(5, string.Empty))
                            .Message(7, env => env.String(1, "MODE").String(2, "prod"))
                            .Message(8, r => r.QuantityEntry(1, "memory", "128Mi").QuantityEntry(2, "cpu", "250m").QuantityEntry(2, "memory", "64Mi"))
                            .Message(9, m => m.String(1, "cache").Bool(2, false).String(3, "/cache").String(4, string.Empty).String(6, string.Empty))
                            .Message(11, probe => probe
                                .Message(1, handler => handler.Message(2, get => get.String(1, "/healthz").Message(2, p => p.Varint(1, 1).String(3, "http"))))
                                .Varint(2, 0).Varint(3, 1).Varint(4, 10).Varint(5, 0).Varint(6, 3))
                            .String(13, string.Empty).String(14, "IfNotPresent")
                            .Bool(16, false).Bool(17, false).Bool(18, false))
                        .Message(1, v => v.String(1, "cache").Message(2, source => source.Message(2, dir => dir.String(1, string.Empty))))
                        .String(3, "Always")
                        .Message(14, sc => sc.Varint(2, 1000))))
                .Message(4, strategy => strategy.String(1, "RollingUpdate").Message(2, ru => ru.Message(2, s => s.Varint(1, 1).String(3, "25%"))))
                .Varint(5, 0).Bool(7, false))
            .Empty(3));

        AssertJson(
            """
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"nginx","creationTimestamp":null,"labels":{"app":"nginx"}},
            "spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},
            "spec":{"volumes":[{"name":"cache","emptyDir":{}}],"containers":[{"name":"nginx","image":"nginx:1.27","command":["nginx","-g"],"args":["daemon off;"],
            "ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],"env":[{"name":"MODE","value":"prod"}],
            "resources":{"limits":{"memory":"128Mi"},"requests":{"cpu":"250m","memory":"64Mi"}},"volumeMounts":[{"name":"cache","mountPath":"/cache"}],
            "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"timeoutSeconds":1,"periodSeconds":10,"failureThreshold":3},
            "imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always","securityContext":{"runAsUser":1000}}},
            "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}}},"status":{}}
            """,
            body);
    }

    [Fact]
    public void Service_ports_write_target_port_as_number_or_name()
    {
        var body = ProtobufWriter.Envelope("v1", "Service", o => o
            .Metadata(1, "web")
            .Message(2, spec => spec
                .Message(1, p => p.String(1, "http").String(2, "TCP").Varint(3, 80).Message(4, t => t.Varint(1, 0).Varint(2, 8080)).Varint(5, 0))
                .Message(1, p => p.String(1, "metrics").String(2, "TCP").Varint(3, 9090).Message(4, t => t.Varint(1, 1).String(3, "metrics")).Varint(5, 0))
                .MapEntry(2, "app", "web")
                .String(3, string.Empty).String(4, "ClusterIP").String(7, string.Empty).Bool(13, false))
            .Message(3, status => status.Empty(1)));

        AssertJson(
            """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"web","creationTimestamp":null},"spec":{"ports":[
            {"name":"http","protocol":"TCP","port":80,"targetPort":8080},{"name":"metrics","protocol":"TCP","port":9090,"targetPort":"metrics"}],
            "selector":{"app":"web"},"type":"ClusterIP"},"status":{"loadBalancer":{}}}
            """,
            body);
    }

    [Fact]
    public void RoleBinding_writes_subjects_and_role_ref_without_omitting_required_fields()
    {
        var body = ProtobufWriter.Envelope("rbac.authorization.k8s.io/v1", "RoleBinding", o => o
            .Metadata(1, "readers", "apps")
            .Message(2, s => s.String(1, "ServiceAccount").String(2, string.Empty).String(3, "reader").String(4, "apps"))
            .Message(2, s => s.String(1, "User").String(2, "rbac.authorization.k8s.io").String(3, "alice").String(4, string.Empty))
            .Message(3, r => r.String(1, "rbac.authorization.k8s.io").String(2, "Role").String(3, "view")));

        AssertJson(
            """
            {"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"readers","namespace":"apps","creationTimestamp":null},
            "subjects":[{"kind":"ServiceAccount","name":"reader","namespace":"apps"},{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"}],
            "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"view"}}
            """,
            body);
    }

    [Fact]
    public void Role_without_rules_writes_null_rules_like_go()
    {
        var body = ProtobufWriter.Envelope("rbac.authorization.k8s.io/v1", "Role", o => o.Metadata(1, "empty"));

        AssertJson(
            """{"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"empty","creationTimestamp":null},"rules":null}""",
            body);
    }

    [Fact]
    public void Times_are_rfc3339_utc_seconds_and_negative_numbers_survive()
    {
        var body = ProtobufWriter.Envelope("scheduling.k8s.io/v1", "PriorityClass", o => o
            .Message(1, meta => meta
                .String(1, "low")
                .Message(8, t => t.Varint(1, 1_700_000_000).Varint(2, 123_000_000))
                .Message(9, t => t.Varint(1, 0))
                .Varint(10, 30)
                .String(14, "example.com/keep"))
            .Varint(2, -5)
            .Bool(3, false)
            .String(4, string.Empty));

        AssertJson(
            """
            {"kind":"PriorityClass","apiVersion":"scheduling.k8s.io/v1","metadata":{"name":"low","creationTimestamp":"2023-11-14T22:13:20Z",
            "deletionTimestamp":"1970-01-01T00:00:00Z","deletionGracePeriodSeconds":30,"finalizers":["example.com/keep"]},"value":-5}
            """,
            body);
    }

    private static void AssertJson(string expected, byte[] body)
    {
        var expectedCompact = string.Concat(expected.Split('\n').Select(line => line.Trim()));
        var result = KubernetesProtobuf.DecodeWithReport(body);
        Assert.Equal(expectedCompact, result.Object.ToJsonString(s_compact));
        Assert.Empty(result.UnknownFields);
    }
}
