using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Catalog;
using Ivyo.LocalCluster.Registry.Json;
using static Ivyo.LocalCluster.Registry.Printing.Cells;

namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>
/// The column definitions and row cells of pkg/printers/internalversion/printers.go (Kubernetes 1.32) for the
/// built-in resources the local cluster serves. Column names, types and priorities follow Kubernetes; descriptions
/// are abbreviated except Name and Age.
/// </summary>
internal static class BuiltInPrinters
{
    private static TableColumn NameColumn => new("Name", "string", ObjectMetaDocs.Name, Format: "name");

    private static TableColumn AgeColumn => new("Age", "string", ObjectMetaDocs.CreationTimestamp);

    private static TableColumn Col(string name, string description, int priority = 0, string type = "string") => new(name, type, description, priority);

    public static ResourcePrinter? Find(string group, string resource) => (group, resource) switch
    {
        ("", "pods") => PodPrinter.Printer,
        ("", "services") => Services,
        ("", "endpoints") => Endpoints,
        ("", "configmaps") => Simple(Col("Data", "Data contains the configuration data."),
            o => (JsonAccess.Object(o, "data")?.Count ?? 0) + (long)(JsonAccess.Object(o, "binaryData")?.Count ?? 0)),
        ("", "secrets") => new([NameColumn, Col("Type", "Used to facilitate programmatic handling of secret data."), Col("Data", "Data contains the secret data."), AgeColumn],
            (o, now) => [Name(o), JsonAccess.String(o, "type") ?? string.Empty, (long)(JsonAccess.Object(o, "data")?.Count ?? 0), Age(o, now)]),
        ("", "namespaces") => Simple(Col("Status", "The status of the namespace"), o => JsonAccess.String(o["status"], "phase") ?? string.Empty),
        ("", "serviceaccounts") => Simple(Col("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
            o => (long)(JsonAccess.Array(o, "secrets")?.Count ?? 0)),
        ("", "nodes") => Nodes,
        ("", "persistentvolumeclaims") => Claims,
        ("", "persistentvolumes") => Volumes,
        ("", "events") or ("events.k8s.io", "events") => Events,
        ("apps", "statefulsets") => new(
            [NameColumn, Col("Ready", "Number of the pod with ready state"), AgeColumn, Col("Containers", "Names of each container in the template.", 1),
             Col("Images", "Images referenced by each container in the template.", 1)],
            (o, now) =>
            {
                var (names, images) = Containers(JsonAccess.Object(o["spec"], "template"));
                return [Name(o), Text(Int(o["status"], "readyReplicas")) + "/" + Text(Int(o["spec"], "replicas")), Age(o, now), names, images];
            }),
        ("apps", "deployments") => new(
            [NameColumn, Col("Ready", "Number of the pod with ready state"), Col("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", type: "string"),
             Col("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", type: "string"), AgeColumn,
             Col("Containers", "Names of each container in the template.", 1), Col("Images", "Images referenced by each container in the template.", 1),
             Col("Selector", "Label selector for pods.", 1)],
            (o, now) =>
            {
                var (names, images) = Containers(JsonAccess.Object(o["spec"], "template"));
                return [Name(o), Text(Int(o["status"], "readyReplicas")) + "/" + Text(Int(o["spec"], "replicas")), Int(o["status"], "updatedReplicas"),
                    Int(o["status"], "availableReplicas"), Age(o, now), names, images, Selector(JsonAccess.Object(o["spec"], "selector"))];
            }),
        ("apps", "replicasets") => new(
            [NameColumn, Col("Desired", "Replicas is the number of desired replicas.", type: "integer"), Col("Current", "Replicas is the most recently observed number of replicas.", type: "integer"),
             Col("Ready", "The number of ready replicas for this replica set.", type: "integer"), AgeColumn,
             Col("Containers", "Names of each container in the template.", 1), Col("Images", "Images referenced by each container in the template.", 1),
             Col("Selector", "Selector is a label query over pods that should match the replica count.", 1)],
            (o, now) =>
            {
                var (names, images) = Containers(JsonAccess.Object(o["spec"], "template"));
                return [Name(o), Int(o["spec"], "replicas"), Int(o["status"], "replicas"), Int(o["status"], "readyReplicas"), Age(o, now), names, images,
                    Selector(JsonAccess.Object(o["spec"], "selector"))];
            }),
        ("apps", "daemonsets") => new(
            [NameColumn, Col("Desired", "The total number of nodes that should be running the daemon pod.", type: "integer"),
             Col("Current", "The number of nodes that are running at least 1 daemon pod.", type: "integer"),
             Col("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.", type: "integer"),
             Col("Up-to-date", "The total number of nodes that are running updated daemon pod", type: "integer"),
             Col("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.", type: "integer"),
             Col("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."), AgeColumn,
             Col("Containers", "Names of each container in the template.", 1), Col("Images", "Images referenced by each container in the template.", 1),
             Col("Selector", "A label query over pods that are managed by the daemon set.", 1)],
            (o, now) =>
            {
                var template = JsonAccess.Object(o["spec"], "template");
                var (names, images) = Containers(template);
                var status = o["status"];
                return [Name(o), Int(status, "desiredNumberScheduled"), Int(status, "currentNumberScheduled"), Int(status, "numberReady"),
                    Int(status, "updatedNumberScheduled"), Int(status, "numberAvailable"), Labels(JsonAccess.Object(template?["spec"], "nodeSelector")),
                    Age(o, now), names, images, Selector(JsonAccess.Object(o["spec"], "selector"))];
            }),
        ("apps", "controllerrevisions") => new(
            [NameColumn, Col("Controller", "Controller of the object"), Col("Revision", "Revision indicates the revision of the state represented by Data.", type: "integer"), AgeColumn],
            (o, now) =>
            {
                var owner = JsonAccess.Objects(o["metadata"], "ownerReferences").FirstOrDefault(r => JsonAccess.Boolean(r, "controller") == true);
                var controller = None;
                if (owner is not null)
                {
                    var apiVersion = JsonAccess.String(owner, "apiVersion") ?? string.Empty;
                    var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
                    var ownerGroup = slash < 0 ? string.Empty : apiVersion[..slash];
                    var kind = (JsonAccess.String(owner, "kind") ?? string.Empty).ToLowerInvariant();
                    controller = (ownerGroup.Length == 0 ? kind : kind + "." + ownerGroup) + "/" + JsonAccess.String(owner, "name");
                }

                return [Name(o), controller, JsonAccess.Integer(o, "revision") ?? 0, Age(o, now)];
            }),
        ("batch", "jobs") => JobPrinter.Jobs,
        ("batch", "cronjobs") => JobPrinter.CronJobs,
        ("policy", "poddisruptionbudgets") => new(
            [NameColumn, Col("Min Available", "The minimum number of pods that must be available."), Col("Max Unavailable", "The maximum number of pods that may be unavailable."),
             Col("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time.", type: "integer"), AgeColumn],
            (o, now) =>
            {
                var spec = o["spec"];
                var min = spec?["minAvailable"] is { } m ? SimpleJsonPath.Text(m) : "N/A";
                var max = spec?["maxUnavailable"] is { } x ? SimpleJsonPath.Text(x) : "N/A";
                return [Name(o), min, max, Int(o["status"], "disruptionsAllowed"), Age(o, now)];
            }),
        ("rbac.authorization.k8s.io", "roles" or "clusterroles") => new(
            [NameColumn, new TableColumn("Created At", "date", ObjectMetaDocs.CreationTimestamp)],
            TablePrinter.DefaultPrinter.Cells),
        ("rbac.authorization.k8s.io", "rolebindings" or "clusterrolebindings") => new(
            [NameColumn, Col("Role", "RoleRef references the Role or ClusterRole."), AgeColumn, Col("Users", "Users in the binding", 1),
             Col("Groups", "Groups in the binding", 1), Col("ServiceAccounts", "ServiceAccounts in the binding", 1)],
            (o, now) =>
            {
                var roleRef = JsonAccess.Object(o, "roleRef");
                var subjects = JsonAccess.Objects(o, "subjects").ToList();
                string Join(string kind, Func<JsonObject, string> format) =>
                    string.Join(", ", subjects.Where(s => JsonAccess.String(s, "kind") == kind).Select(format));
                return [Name(o), JsonAccess.String(roleRef, "kind") + "/" + JsonAccess.String(roleRef, "name"), Age(o, now),
                    Join("User", s => JsonAccess.String(s, "name") ?? string.Empty), Join("Group", s => JsonAccess.String(s, "name") ?? string.Empty),
                    Join("ServiceAccount", s => JsonAccess.String(s, "namespace") + ":" + JsonAccess.String(s, "name"))];
            }),
        ("coordination.k8s.io", "leases") => Simple(Col("Holder", "HolderIdentity contains the identity of the holder of a current lease."),
            o => JsonAccess.String(o["spec"], "holderIdentity") ?? string.Empty),
        ("discovery.k8s.io", "endpointslices") => EndpointSlices,
        ("storage.k8s.io", "storageclasses") => new(
            [NameColumn, Col("Provisioner", "Indicates the type of the provisioner."), Col("ReclaimPolicy", "Indicates the type of the reclaim policy."),
             Col("VolumeBindingMode", "Indicates how PersistentVolumeClaims should be provisioned and bound."),
             Col("AllowVolumeExpansion", "Indicates whether the storage class allow volume expand."), AgeColumn],
            (o, now) =>
            {
                var name = Name(o);
                if (JsonAccess.String(JsonAccess.Object(o["metadata"], "annotations"), "storageclass.kubernetes.io/is-default-class") == "true")
                {
                    name += " (default)";
                }

                return [name, JsonAccess.String(o, "provisioner") ?? string.Empty, JsonAccess.String(o, "reclaimPolicy") ?? "Delete",
                    JsonAccess.String(o, "volumeBindingMode") ?? "Immediate", JsonAccess.Boolean(o, "allowVolumeExpansion") ?? false, Age(o, now)];
            }),
        _ => null,
    };

    private static ResourcePrinter Simple(TableColumn column, Func<JsonObject, JsonNode?> cell) =>
        new([NameColumn, column, AgeColumn], (o, now) => [Name(o), cell(o), Age(o, now)]);

    private static ResourcePrinter Services => new(
        [NameColumn, Col("Type", "type determines how the Service is exposed."), Col("Cluster-IP", "clusterIP is the IP address of the service."),
         Col("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
         Col("Port(s)", "The list of ports that are exposed by this service."), AgeColumn,
         Col("Selector", "Route service traffic to pods with label keys and values matching this selector.", 1)],
        (o, now) =>
        {
            var spec = o["spec"];
            var type = JsonAccess.String(spec, "type") ?? string.Empty;
            var ports = string.Join(",", JsonAccess.Objects(spec, "ports").Select(p =>
            {
                var nodePort = Int(p, "nodePort");
                var protocol = JsonAccess.String(p, "protocol") ?? "TCP";
                return nodePort > 0 ? $"{Text(Int(p, "port"))}:{Text(nodePort)}/{protocol}" : $"{Text(Int(p, "port"))}/{protocol}";
            }));
            return [Name(o), type, OrNone(JsonAccess.String(spec, "clusterIP")), ExternalIp(o, type), OrNone(ports), Age(o, now), Labels(JsonAccess.Object(spec, "selector"))];
        });

    /// <summary>getServiceExternalIP.</summary>
    private static string ExternalIp(JsonObject service, string type)
    {
        var externalIps = JsonAccess.Strings(service["spec"], "externalIPs");
        switch (type)
        {
            case "ClusterIP" or "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : None;
            case "LoadBalancer":
                var ingress = JsonAccess.Objects(JsonAccess.Object(service["status"], "loadBalancer"), "ingress")
                    .Select(i => JsonAccess.String(i, "ip") is { Length: > 0 } ip ? ip : JsonAccess.String(i, "hostname") ?? string.Empty)
                    .Where(s => s.Length > 0)
                    .Concat(externalIps)
                    .ToList();
                return ingress.Count > 0 ? string.Join(",", ingress) : "<pending>";
            case "ExternalName":
                return JsonAccess.String(service["spec"], "externalName") ?? string.Empty;
            default:
                return "<unknown>";
        }
    }

    private static ResourcePrinter Endpoints => Simple(Col("Endpoints", "The set of all endpoints is the union of all subsets."), o =>
    {
        const int Max = 3;
        var list = new List<string>();
        var count = 0;
        foreach (var subset in JsonAccess.Objects(o, "subsets"))
        {
            var addresses = JsonAccess.Objects(subset, "addresses").Select(a => JsonAccess.String(a, "ip") ?? string.Empty).ToList();
            var ports = JsonAccess.Objects(subset, "ports").ToList();
            if (ports.Count == 0)
            {
                count += addresses.Count;
                list.AddRange(addresses.Take(Math.Max(0, Max - list.Count)));
                continue;
            }

            foreach (var port in ports)
            {
                count += addresses.Count;
                foreach (var address in addresses)
                {
                    if (list.Count < Max)
                    {
                        list.Add((address.Contains(':', StringComparison.Ordinal) ? "[" + address + "]" : address) + ":" + Text(Int(port, "port")));
                    }
                }
            }
        }

        var text = string.Join(",", list);
        return count > Max ? $"{text} + {Text(count - Max)} more..." : OrNone(text);
    });

    private static ResourcePrinter EndpointSlices => new(
        [NameColumn, Col("AddressType", "The IP protocol for this slice"), Col("Ports", "Enumerated ports on the slice"), Col("Endpoints", "Enumerated endpoints on the slice"), AgeColumn],
        (o, now) =>
        {
            var ports = JsonAccess.Objects(o, "ports").Select(p => JsonAccess.Integer(p, "port") is { } port ? Text(port) : "<unset>").ToList();
            var addresses = JsonAccess.Objects(o, "endpoints").SelectMany(e => JsonAccess.Strings(e, "addresses")).ToList();
            var endpoints = addresses.Count == 0 ? "<unset>"
                : addresses.Count > 3 ? string.Join(",", addresses.Take(3)) + " + " + Text(addresses.Count - 3) + " more..."
                : string.Join(",", addresses);
            return [Name(o), JsonAccess.String(o, "addressType") ?? string.Empty, ports.Count == 0 ? "<unset>" : string.Join(",", ports), endpoints, Age(o, now)];
        });

    private static ResourcePrinter Nodes => new(
        [NameColumn, Col("Status", "The status of the node"), Col("Roles", "The roles of the node"), AgeColumn,
         Col("Version", "Kubelet Version reported by the node."), Col("Internal-IP", "List of addresses reachable to the node.", 1),
         Col("External-IP", "List of addresses reachable to the node.", 1), Col("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
         Col("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
         Col("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1)],
        (o, now) =>
        {
            var status = o["status"];
            var ready = JsonAccess.Objects(status, "conditions").FirstOrDefault(c => JsonAccess.String(c, "type") == "Ready");
            var states = new List<string> { ready is null ? "Unknown" : JsonAccess.String(ready, "status") == "True" ? "Ready" : "NotReady" };
            if (JsonAccess.Boolean(o["spec"], "unschedulable") == true)
            {
                states.Add("SchedulingDisabled");
            }

            var labels = JsonAccess.Object(o["metadata"], "labels");
            var roles = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (key, value) in labels ?? [])
            {
                if (key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && key.Length > "node-role.kubernetes.io/".Length)
                {
                    roles.Add(key["node-role.kubernetes.io/".Length..]);
                }
                else if (key == "kubernetes.io/role" && value is not null)
                {
                    roles.Add(SimpleJsonPath.Text(value));
                }
            }

            string Address(string type) => OrNone(JsonAccess.Objects(status, "addresses").Where(a => JsonAccess.String(a, "type") == type)
                .Select(a => JsonAccess.String(a, "address")).FirstOrDefault());
            var info = JsonAccess.Object(status, "nodeInfo");
            string Info(string name) => JsonAccess.String(info, name) is { Length: > 0 } v ? v : "<unknown>";
            return [Name(o), string.Join(",", states), roles.Count == 0 ? None : string.Join(",", roles), Age(o, now), JsonAccess.String(info, "kubeletVersion") ?? string.Empty,
                Address("InternalIP"), Address("ExternalIP"), Info("osImage"), Info("kernelVersion"), Info("containerRuntimeVersion")];
        });

    private static ResourcePrinter Claims => new(
        [NameColumn, Col("Status", "phase represents the current phase of PersistentVolumeClaim."), Col("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
         Col("Capacity", "capacity represents the actual resources of the underlying volume."), Col("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."),
         Col("StorageClass", "StorageClass of the pvc"), Col("VolumeAttributesClass", "VolumeAttributesClass of the pvc"), AgeColumn,
         Col("VolumeMode", "volumeMode defines what type of volume is required by the claim.", 1)],
        (o, now) =>
        {
            var spec = o["spec"];
            var status = o["status"];
            var phase = JsonAccess.String(JsonAccess.Object(o, "metadata"), "deletionTimestamp") is { Length: > 0 } ? "Terminating" : JsonAccess.String(status, "phase") ?? string.Empty;
            var volumeName = JsonAccess.String(spec, "volumeName") ?? string.Empty;
            var capacity = volumeName.Length > 0 ? Quantity(JsonAccess.Object(status, "capacity")?["storage"]) : string.Empty;
            var modes = volumeName.Length > 0 ? AccessModes(JsonAccess.Strings(status, "accessModes")) : string.Empty;
            return [Name(o), phase, volumeName, capacity, modes, StorageClass(o), JsonAccess.String(spec, "volumeAttributesClassName") ?? "<unset>", Age(o, now),
                JsonAccess.String(spec, "volumeMode") ?? "<unset>"];
        });

    private static ResourcePrinter Volumes => new(
        [NameColumn, Col("Capacity", "capacity is the description of the persistent volume's resources and capacity."),
         Col("Access Modes", "accessModes contains all ways the volume can be mounted."), Col("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
         Col("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."), Col("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
         Col("StorageClass", "StorageClass of the pv"), Col("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
         Col("Reason", "reason is a brief CamelCase string that describes any failure."), AgeColumn, Col("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.", 1)],
        (o, now) =>
        {
            var spec = o["spec"];
            var claimRef = JsonAccess.Object(spec, "claimRef");
            var claim = claimRef is null ? string.Empty : JsonAccess.String(claimRef, "namespace") + "/" + JsonAccess.String(claimRef, "name");
            var phase = JsonAccess.String(JsonAccess.Object(o, "metadata"), "deletionTimestamp") is { Length: > 0 } ? "Terminating" : JsonAccess.String(o["status"], "phase") ?? string.Empty;
            return [Name(o), Quantity(JsonAccess.Object(spec, "capacity")?["storage"]), AccessModes(JsonAccess.Strings(spec, "accessModes")),
                JsonAccess.String(spec, "persistentVolumeReclaimPolicy") ?? string.Empty, phase, claim, StorageClass(o),
                JsonAccess.String(spec, "volumeAttributesClassName") ?? "<unset>", JsonAccess.String(o["status"], "reason") ?? string.Empty, Age(o, now),
                JsonAccess.String(spec, "volumeMode") ?? "<unset>"];
        });

    private static string StorageClass(JsonObject o) =>
        JsonAccess.String(JsonAccess.Object(o["metadata"], "annotations"), "volume.beta.kubernetes.io/storage-class")
        ?? JsonAccess.String(o["spec"], "storageClassName") ?? string.Empty;

    private static ResourcePrinter Events => new(
        [Col("Last Seen", "The time at which the most recent occurrence of this event was recorded."), Col("Type", "Type of this event (Normal, Warning)."),
         Col("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
         Col("Object", "The object that this event is about."), Col("Subobject", "The specific part of the object this event is about.", 1),
         Col("Source", "The component reporting this event.", 1), Col("Message", "A human-readable description of the status of this operation."),
         Col("First Seen", "The time at which the event was first recorded.", 1), Col("Count", "The number of times this event has occurred.", 1),
         new TableColumn("Name", "string", ObjectMetaDocs.Name, 1, "name")],
        (o, now) =>
        {
            // events.k8s.io/v1 names the same fields differently.
            var involved = JsonAccess.Object(o, "involvedObject") ?? JsonAccess.Object(o, "regarding");
            var first = JsonAccess.String(o, "firstTimestamp") ?? JsonAccess.String(o, "deprecatedFirstTimestamp");
            var firstSeen = HumanDuration.TryParseTime(first, out _) ? HumanDuration.Since(first, now) : HumanDuration.Since(JsonAccess.String(o, "eventTime"), now);
            var last = JsonAccess.String(o, "lastTimestamp") ?? JsonAccess.String(o, "deprecatedLastTimestamp");
            var lastSeen = HumanDuration.TryParseTime(last, out _) ? HumanDuration.Since(last, now) : firstSeen;
            var count = JsonAccess.Integer(o, "count") ?? JsonAccess.Integer(o, "deprecatedCount") ?? 0;
            if (JsonAccess.Object(o, "series") is { } series)
            {
                lastSeen = HumanDuration.Since(JsonAccess.String(series, "lastObservedTime"), now);
                count = Int(series, "count");
            }
            else if (count > 1)
            {
                lastSeen = $"{lastSeen} (x{Text(count)} over {firstSeen})";
            }

            var source = JsonAccess.Object(o, "source") ?? JsonAccess.Object(o, "deprecatedSource");
            var component = JsonAccess.String(source, "component") is { Length: > 0 } c ? c : JsonAccess.String(o, "reportingController") ?? string.Empty;
            var instance = JsonAccess.String(source, "host") is { Length: > 0 } h ? h : JsonAccess.String(o, "reportingInstance") ?? string.Empty;
            var sourceText = component.Length == 0 ? string.Empty : instance.Length == 0 ? component : component + ", " + instance;
            var message = (JsonAccess.String(o, "message") ?? JsonAccess.String(o, "note") ?? string.Empty).Trim();
            var target = (JsonAccess.String(involved, "kind") ?? string.Empty).ToLowerInvariant() + "/" + JsonAccess.String(involved, "name");
            return [lastSeen, JsonAccess.String(o, "type") ?? string.Empty, JsonAccess.String(o, "reason") ?? string.Empty, target,
                JsonAccess.String(involved, "fieldPath") ?? string.Empty, sourceText, message, firstSeen, count, Name(o)];
        });
}
