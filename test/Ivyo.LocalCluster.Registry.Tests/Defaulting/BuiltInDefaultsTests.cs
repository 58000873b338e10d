using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Defaulting;
using static Ivyo.LocalCluster.Registry.Tests.Objects;

namespace Ivyo.LocalCluster.Registry.Tests.Defaulting;

public sealed class BuiltInDefaultsTests
{
    [Fact]
    public void Service_with_cluster_ip()
    {
        var service = Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"hippo-ha"},
             "spec":{"clusterIP":"10.103.73.92","ports":[{"name":"postgres","port":5432,"targetPort":"postgres"},{"port":8008}]}}
            """);

        Assert.True(BuiltInDefaults.Apply(service));

        AssertJsonEqual("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"hippo-ha"},
             "spec":{"clusterIP":"10.103.73.92","clusterIPs":["10.103.73.92"],"internalTrafficPolicy":"Cluster","ipFamilies":["IPv4"],
               "ipFamilyPolicy":"SingleStack","ports":[{"name":"postgres","port":5432,"protocol":"TCP","targetPort":"postgres"},
               {"port":8008,"protocol":"TCP","targetPort":8008}],"sessionAffinity":"None","type":"ClusterIP"},
             "status":{"loadBalancer":{}}}
            """, service);
    }

    [Fact]
    public void Headless_service_without_selector_keeps_none_and_requires_dual_stack()
    {
        var service = Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"hippo-ha-config"},"spec":{"clusterIP":"None"}}
            """);

        BuiltInDefaults.Apply(service);

        AssertJsonEqual("""
            {"clusterIP":"None","clusterIPs":["None"],"internalTrafficPolicy":"Cluster","ipFamilies":["IPv4","IPv6"],
             "ipFamilyPolicy":"RequireDualStack","sessionAffinity":"None","type":"ClusterIP"}
            """, service["spec"]);
    }

    [Fact]
    public void Headless_service_with_selector_is_single_stack()
    {
        var service = Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"hippo-pods"},
             "spec":{"clusterIP":"None","publishNotReadyAddresses":true,"selector":{"postgres-operator.crunchydata.com/cluster":"hippo"}}}
            """);

        BuiltInDefaults.Apply(service);

        Assert.Equal("SingleStack", (string?)service["spec"]!["ipFamilyPolicy"]);
        AssertJsonEqual("""["IPv4"]""", service["spec"]!["ipFamilies"]);
    }

    [Fact]
    public void Load_balancer_and_client_ip_affinity_defaults()
    {
        var service = Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","sessionAffinity":"ClientIP","clusterIP":"10.0.0.1"}}
            """);

        BuiltInDefaults.Apply(service);

        Assert.Equal("Cluster", (string?)service["spec"]!["externalTrafficPolicy"]);
        Assert.True((bool)service["spec"]!["allocateLoadBalancerNodePorts"]!);
        Assert.Equal(10800, (long)service["spec"]!["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"]!);
    }

    [Fact]
    public void External_name_service_gets_no_ip_fields()
    {
        var service = Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}""");

        BuiltInDefaults.Apply(service);

        AssertJsonEqual("""{"type":"ExternalName","externalName":"db.example.com","sessionAffinity":"None"}""", service["spec"]);
    }

    private const string IvoryStatefulSet = """
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"hippo-instance1-abcd","namespace":"postgres-operator"},
         "spec":{"serviceName":"hippo-pods","replicas":1,"selector":{"matchLabels":{"ivory-operator.ivorysql.org/instance":"hippo-instance1-abcd"}},
          "template":{"metadata":{"labels":{"ivory-operator.ivorysql.org/instance":"hippo-instance1-abcd"}},
           "spec":{"enableServiceLinks":false,"serviceAccountName":"hippo-instance",
            "containers":[{"name":"database","image":"docker.io/ivorysql/ivorysql:ubi8-3.0-2.0-1",
              "ports":[{"name":"postgres","containerPort":5432}],
              "env":[{"name":"PGHOST","value":"/tmp"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
              "readinessProbe":{"httpGet":{"port":8008,"path":"/readiness","scheme":"HTTPS"}},
              "livenessProbe":{"exec":{"command":["true"]},"periodSeconds":30},
              "volumeMounts":[{"name":"ivorydata","mountPath":"/pgdata"}]},
             {"name":"replication-cert-copy","image":"busybox"}],
            "volumes":[{"name":"cert-volume","projected":{"sources":[{"secret":{"name":"hippo-cluster-cert"}}]}},
             {"name":"tmp","emptyDir":{"sizeLimit":"16Mi"}},{"name":"cfg","configMap":{"name":"hippo-config"}},{"name":"bare"}]}},
          "volumeClaimTemplates":[{"metadata":{"name":"ivorydata"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
        """;

    [Fact]
    public void Ivory_operator_statefulset()
    {
        var statefulSet = Parse(IvoryStatefulSet);

        BuiltInDefaults.Apply(statefulSet);

        var spec = statefulSet["spec"]!;
        Assert.Equal("OrderedReady", (string?)spec["podManagementPolicy"]);
        Assert.Equal(10, (long)spec["revisionHistoryLimit"]!);
        AssertJsonEqual("""{"type":"RollingUpdate","rollingUpdate":{"partition":0}}""", spec["updateStrategy"]);
        AssertJsonEqual("""{"whenDeleted":"Retain","whenScaled":"Retain"}""", spec["persistentVolumeClaimRetentionPolicy"]);
        AssertJsonEqual("""
            {"metadata":{"name":"ivorydata","creationTimestamp":null},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem"},
             "status":{"phase":"Pending"}}
            """, spec["volumeClaimTemplates"]![0]);

        var template = spec["template"]!;
        Assert.True(template["metadata"]!.AsObject().ContainsKey("creationTimestamp"));
        var podSpec = template["spec"]!;
        Assert.Equal("Always", (string?)podSpec["restartPolicy"]);
        Assert.Equal("ClusterFirst", (string?)podSpec["dnsPolicy"]);
        Assert.Equal("default-scheduler", (string?)podSpec["schedulerName"]);
        Assert.Equal(30, (long)podSpec["terminationGracePeriodSeconds"]!);
        Assert.False((bool)podSpec["enableServiceLinks"]!);
        Assert.Equal("hippo-instance", (string?)podSpec["serviceAccount"]);
        AssertJsonEqual("{}", podSpec["securityContext"]);
        Assert.Null(podSpec["priority"]);

        var database = podSpec["containers"]![0]!;
        Assert.Equal("IfNotPresent", (string?)database["imagePullPolicy"]);
        Assert.Equal("/dev/termination-log", (string?)database["terminationMessagePath"]);
        Assert.Equal("File", (string?)database["terminationMessagePolicy"]);
        AssertJsonEqual("{}", database["resources"]);
        AssertJsonEqual("""{"name":"postgres","containerPort":5432,"protocol":"TCP"}""", database["ports"]![0]);
        AssertJsonEqual("""{"apiVersion":"v1","fieldPath":"metadata.name"}""", database["env"]![1]!["valueFrom"]!["fieldRef"]);
        AssertJsonEqual("""
            {"httpGet":{"port":8008,"path":"/readiness","scheme":"HTTPS"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3}
            """, database["readinessProbe"]);
        Assert.Equal(30, (long)database["livenessProbe"]!["periodSeconds"]!);
        Assert.Equal("Always", (string?)podSpec["containers"]![1]!["imagePullPolicy"]);

        var volumes = podSpec["volumes"]!;
        Assert.Equal(420, (long)volumes[0]!["projected"]!["defaultMode"]!);
        AssertJsonEqual("""{"sizeLimit":"16Mi"}""", volumes[1]!["emptyDir"]);
        Assert.Equal(420, (long)volumes[2]!["configMap"]!["defaultMode"]!);
        AssertJsonEqual("""{"name":"bare","emptyDir":{}}""", volumes[3]);
    }

    [Fact]
    public void Defaulting_is_idempotent()
    {
        var once = Parse(IvoryStatefulSet);
        BuiltInDefaults.Apply(once);
        var twice = once.DeepClone().AsObject();

        BuiltInDefaults.Apply(twice);

        Assert.True(JsonNode.DeepEquals(once, twice));
    }

    [Theory]
    [InlineData("postgres", "Always")]
    [InlineData("postgres:latest", "Always")]
    [InlineData("postgres:16", "IfNotPresent")]
    [InlineData("localhost:5000/postgres", "Always")]
    [InlineData("localhost:5000/postgres:16", "IfNotPresent")]
    [InlineData("postgres@sha256:abcd", "IfNotPresent")]
    public void Image_pull_policy(string image, string expected) => Assert.Equal(expected, BuiltInDefaults.ImagePullPolicyFor(image));

    [Fact]
    public void Pod_gets_admission_defaults_and_status()
    {
        var pod = Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}
            """);

        BuiltInDefaults.Apply(pod);

        var spec = pod["spec"]!;
        Assert.Equal("default", (string?)spec["serviceAccountName"]);
        Assert.Equal("default", (string?)spec["serviceAccount"]);
        Assert.Equal(0, (long)spec["priority"]!);
        Assert.Equal("PreemptLowerPriority", (string?)spec["preemptionPolicy"]);
        Assert.True((bool)spec["enableServiceLinks"]!);
        AssertJsonEqual("""
            [{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
             {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]
            """, spec["tolerations"]);
        AssertJsonEqual("""{"phase":"Pending","qosClass":"BestEffort"}""", pod["status"]);
    }

    [Fact]
    public void Pod_qos_class_follows_resources()
    {
        var pod = Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[
              {"name":"c","image":"x:1","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}}
            """);

        BuiltInDefaults.Apply(pod);

        Assert.Equal("Guaranteed", (string?)pod["status"]!["qosClass"]);
    }

    [Fact]
    public void Deployment()
    {
        var deployment = Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"pgbouncer"},
             "spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"pgbouncer:1"}]}}}}
            """);

        BuiltInDefaults.Apply(deployment);

        var spec = deployment["spec"]!;
        Assert.Equal(1, (long)spec["replicas"]!);
        AssertJsonEqual("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""", spec["strategy"]);
        Assert.Equal(10, (long)spec["revisionHistoryLimit"]!);
        Assert.Equal(600, (long)spec["progressDeadlineSeconds"]!);
        Assert.Equal("Always", (string?)spec["template"]!["spec"]!["restartPolicy"]);
    }

    [Fact]
    public void Recreate_deployment_has_no_rolling_update()
    {
        var deployment = Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"strategy":{"type":"Recreate"}}}""");

        BuiltInDefaults.Apply(deployment);

        AssertJsonEqual("""{"type":"Recreate"}""", deployment["spec"]!["strategy"]);
    }

    [Fact]
    public void Job_with_uid_gets_generated_selector()
    {
        var job = Parse("""
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"backup","uid":"1234"},
             "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"pgbackrest:2"}]}}}}
            """);

        BuiltInDefaults.Apply(job);

        var spec = job["spec"]!;
        Assert.Equal((1L, 1L, 6L), ((long)spec["completions"]!, (long)spec["parallelism"]!, (long)spec["backoffLimit"]!));
        Assert.Equal("NonIndexed", (string?)spec["completionMode"]);
        Assert.False((bool)spec["suspend"]!);
        Assert.Equal("TerminatingOrFailed", (string?)spec["podReplacementPolicy"]);
        AssertJsonEqual("""{"matchLabels":{"batch.kubernetes.io/controller-uid":"1234"}}""", spec["selector"]);
        AssertJsonEqual("""
            {"batch.kubernetes.io/controller-uid":"1234","batch.kubernetes.io/job-name":"backup","controller-uid":"1234","job-name":"backup"}
            """, spec["template"]!["metadata"]!["labels"]);
        Assert.Equal("Never", (string?)spec["template"]!["spec"]!["restartPolicy"]);
    }

    [Fact]
    public void Job_with_only_completions_gets_parallelism_one()
    {
        var job = Parse("""{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"completions":5}}""");

        BuiltInDefaults.Apply(job);

        Assert.Equal((5L, 1L), ((long)job["spec"]!["completions"]!, (long)job["spec"]!["parallelism"]!));
        Assert.Null(job["spec"]!["selector"]);
    }

    [Fact]
    public void CronJob()
    {
        var cronJob = Parse("""
            {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"c"},
             "spec":{"schedule":"0 1 * * *","jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"x"}]}}}}}}
            """);

        BuiltInDefaults.Apply(cronJob);

        var spec = cronJob["spec"]!;
        Assert.Equal("Allow", (string?)spec["concurrencyPolicy"]);
        Assert.False((bool)spec["suspend"]!);
        Assert.Equal((3L, 1L), ((long)spec["successfulJobsHistoryLimit"]!, (long)spec["failedJobsHistoryLimit"]!));
        Assert.Null(spec["jobTemplate"]!["spec"]!["backoffLimit"]);
        Assert.Equal("ClusterFirst", (string?)spec["jobTemplate"]!["spec"]!["template"]!["spec"]!["dnsPolicy"]);
    }

    [Fact]
    public void Persistent_volume_claim()
    {
        var claim = Parse("""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c"},"spec":{"accessModes":["ReadWriteOnce"]}}""");

        BuiltInDefaults.Apply(claim);

        AssertJsonEqual("""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c"},"spec":{"accessModes":["ReadWriteOnce"],"volumeMode":"Filesystem"},
             "status":{"phase":"Pending"}}
            """, claim);
    }

    [Fact]
    public void Namespace()
    {
        var ns = Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"postgres-operator"}}""");

        BuiltInDefaults.Apply(ns);

        AssertJsonEqual("""
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"postgres-operator","labels":{"kubernetes.io/metadata.name":"postgres-operator"}},
             "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
            """, ns);
    }

    [Fact]
    public void Secret_type_defaults_to_opaque_and_keeps_others()
    {
        var opaque = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}""");
        var tls = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"kubernetes.io/tls"}""");

        BuiltInDefaults.Apply(opaque);
        BuiltInDefaults.Apply(tls);

        Assert.Equal(("Opaque", "kubernetes.io/tls"), ((string?)opaque["type"], (string?)tls["type"]));
    }

    [Fact]
    public void Role_binding_subjects_get_api_group()
    {
        var binding = Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"b"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},
             "subjects":[{"kind":"ServiceAccount","name":"sa"},{"kind":"User","name":"alice"}]}
            """);

        BuiltInDefaults.Apply(binding);

        AssertJsonEqual("""
            [{"kind":"ServiceAccount","name":"sa","apiGroup":""},{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"}]
            """, binding["subjects"]);
    }

    [Fact]
    public void Custom_resource_definition_names_and_conversion()
    {
        var crd = Parse("""{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"x"},"spec":{"names":{"kind":"IvoryCluster","plural":"ivoryclusters"}}}""");

        BuiltInDefaults.Apply(crd);

        AssertJsonEqual("""{"kind":"IvoryCluster","plural":"ivoryclusters","singular":"ivorycluster","listKind":"IvoryClusterList"}""", crd["spec"]!["names"]);
        AssertJsonEqual("""{"strategy":"None"}""", crd["spec"]!["conversion"]);
    }

    [Fact]
    public void Unknown_kinds_are_left_alone()
    {
        var obj = Parse("""{"apiVersion":"ivory-operator.ivorysql.org/v1beta1","kind":"IvoryCluster","metadata":{"name":"hippo"},"spec":{}}""");

        Assert.False(BuiltInDefaults.Apply(obj));
        AssertJsonEqual("""{"apiVersion":"ivory-operator.ivorysql.org/v1beta1","kind":"IvoryCluster","metadata":{"name":"hippo"},"spec":{}}""", obj);
    }
}
