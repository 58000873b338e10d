#!/usr/bin/env bash
# kubectl conformance of the local cluster's API server: real kubectl, default (strict) validation, every command's
# output and exit code asserted. Run by KubectlConformanceTests with KUBECONFIG pointing at a fresh server and
# REPO at the repository root. Prints "ok <n> <description>" per check and exits non-zero on the first failure.
set -uo pipefail
: "${KUBECONFIG:?}" "${REPO:?}"
checks=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

fail() { echo "FAIL: $1"; echo "--- command output ---"; cat "${work}/out"; exit 1; }

# expect CODE DESCRIPTION -- COMMAND...: runs COMMAND, asserts its exit code; output is kept in ${work}/out.
expect() {
  local code="$1" description="$2"; shift 3
  "$@" >"${work}/out" 2>&1; local actual=$?
  [[ "${actual}" == "${code}" ]] || fail "${description}: exit code ${actual}, expected ${code}"
  checks=$((checks + 1)); echo "ok ${checks} ${description}"
}
# contains TEXT: the last command's output contains TEXT.
contains() { grep -qF -- "$1" "${work}/out" || fail "output lacks: $1"; }
# equals TEXT: the last command's output is exactly TEXT.
equals() { [[ "$(cat "${work}/out")" == "$1" ]] || fail "output is not exactly: $1"; }
# matches REGEX: some line of the last command's output matches REGEX.
matches() { grep -qE -- "$1" "${work}/out" || fail "no line matches: $1"; }

# --- discovery and version
expect 0 "server version is reported" -- kubectl version
contains "Server Version: v1.32"
expect 0 "api-resources lists core and apps resources with short names" -- kubectl api-resources
matches '^configmaps +cm +v1 +true +ConfigMap$'
matches '^statefulsets +sts +apps/v1 +true +StatefulSet$'

# --- namespaces, ConfigMaps, Secrets, Services: create, apply, re-apply
cat >"${work}/base.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: conformance
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: conformance
  labels: {app: hippo, tier: db}
data:
  mode: fast
---
apiVersion: v1
kind: Secret
metadata:
  name: credentials
  namespace: conformance
stringData:
  password: s3cret
---
apiVersion: v1
kind: Service
metadata:
  name: hippo-replicas
  namespace: conformance
  labels: {ivory-operator.ivorysql.org/cluster: hippo}
spec:
  selector: {ivory-operator.ivorysql.org/cluster: hippo, ivory-operator.ivorysql.org/role: replica}
  ports: [{name: ivory, port: 5432, targetPort: ivory}]
---
apiVersion: v1
kind: Service
metadata:
  name: hippo-pods
  namespace: conformance
  labels: {ivory-operator.ivorysql.org/cluster: hippo}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: {ivory-operator.ivorysql.org/cluster: hippo}
YAML
expect 0 "create -f makes every object" -- kubectl create -f "${work}/base.yaml"
contains "namespace/conformance created"; contains "configmap/settings created"; contains "service/hippo-pods created"
expect 1 "create -f again says AlreadyExists" -- kubectl create -f "${work}/base.yaml"
contains 'Error from server (AlreadyExists): error when creating'
expect 0 "apply over created objects configures them" -- kubectl apply -f "${work}/base.yaml"
contains "configmap/settings configured"
expect 0 "re-apply is unchanged" -- kubectl apply -f "${work}/base.yaml"
contains "configmap/settings unchanged"; contains "service/hippo-replicas unchanged"

# --- kubectl's typed generators send protobuf
expect 0 "create namespace" -- kubectl create namespace generated
contains "namespace/generated created"
expect 0 "create configmap --from-literal" -- kubectl -n generated create configmap literal --from-literal=key=value
expect 0 "create secret generic" -- kubectl -n generated create secret generic token --from-literal=token=abc
expect 0 "create deployment" -- kubectl -n generated create deployment web --image=nginx --port=80 --replicas=2
expect 0 "the generated objects are stored as sent" -- kubectl -n generated get configmap/literal secret/token deployment/web \
  -o 'jsonpath={.items[0].data.key} {.items[1].data.token} {.items[2].spec.replicas} {.items[2].spec.template.spec.containers[0].ports[0].containerPort}'
equals "value YWJj 2 80"
expect 0 "the deployment got Kubernetes' defaults" -- kubectl -n generated get deployment web -o 'jsonpath={.spec.strategy.type} {.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds}'
equals "RollingUpdate 10 600"

# --- server-side apply: ownership, conflicts, force, removal
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: owned, namespace: conformance}\ndata: {a: "1", b: "2"}\n' >"${work}/ssa.yaml"
expect 0 "apply --server-side creates" -- kubectl apply --server-side -f "${work}/ssa.yaml"
contains "configmap/owned serverside-applied"
expect 0 "the applier owns its fields" -- kubectl -n conformance get configmap owned -o 'jsonpath={.metadata.managedFields[0].manager} {.metadata.managedFields[0].operation}'
equals "kubectl Apply"
expect 0 "another manager changes a field" -- kubectl -n conformance patch configmap owned --type=merge -p '{"data":{"a":"changed"}}'
expect 1 "re-applying conflicts with that manager" -- kubectl apply --server-side -f "${work}/ssa.yaml"
contains 'Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.a'
expect 0 "--force-conflicts takes the field back" -- kubectl apply --server-side --force-conflicts -f "${work}/ssa.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: owned, namespace: conformance}\ndata: {a: "1"}\n' >"${work}/ssa.yaml"
expect 0 "applying without a field the applier alone owned" -- kubectl apply --server-side -f "${work}/ssa.yaml"
expect 0 "removes that field" -- kubectl -n conformance get configmap owned -o 'jsonpath={.data}'
equals '{"a":"1"}'

# --- get in every output format
expect 0 "get -o yaml shows server-set metadata" -- kubectl -n conformance get configmap settings -o yaml
contains "resourceVersion:"; contains "uid:"; contains "creationTimestamp:"
expect 0 "get -o json" -- kubectl -n conformance get configmap settings -o json
contains '"kind": "ConfigMap"'
expect 0 "get -o jsonpath" -- kubectl -n conformance get configmap settings -o 'jsonpath={.data.mode}'
equals "fast"
expect 0 "secret stringData is stored as data" -- kubectl -n conformance get secret credentials -o 'jsonpath={.data.password}'
equals "czNjcmV0"
expect 0 "get svc shows the tutorial's columns" -- kubectl -n conformance get svc --selector=ivory-operator.ivorysql.org/cluster=hippo
matches '^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE$'
matches '^hippo-pods +ClusterIP +None +<none> +<none> +[0-9]+s$'
matches '^hippo-replicas +ClusterIP +10\.96\.[0-9]+\.[0-9]+ +<none> +5432/TCP +[0-9]+s$'
expect 0 "get -o wide adds the selector" -- kubectl -n conformance get svc hippo-pods -o wide
matches 'SELECTOR'; contains "ivory-operator.ivorysql.org/cluster=hippo"

# --- set-based selectors and the tutorial's jsonpath
cat >"${work}/pods.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: hippo-instance1-zj5s-0
  namespace: conformance
  labels:
    ivory-operator.ivorysql.org/cluster: hippo
    ivory-operator.ivorysql.org/instance-set: instance1
    ivory-operator.ivorysql.org/instance: hippo-instance1-zj5s
    ivory-operator.ivorysql.org/role: master
spec:
  containers: [{name: database, image: docker.io/ivorysql/ivorysql:ubi9-5.4-5.4-1}]
---
apiVersion: v1
kind: Pod
metadata:
  name: hippo-instance1-6kbw-0
  namespace: conformance
  labels:
    ivory-operator.ivorysql.org/cluster: hippo
    ivory-operator.ivorysql.org/instance-set: instance1
    ivory-operator.ivorysql.org/instance: hippo-instance1-6kbw
    ivory-operator.ivorysql.org/role: replica
spec:
  containers: [{name: database, image: docker.io/ivorysql/ivorysql:ubi9-5.4-5.4-1}]
YAML
expect 0 "apply pods" -- kubectl apply -f "${work}/pods.yaml"
expect 0 "the tutorial's primary jsonpath names the master's instance" -- kubectl -n conformance get pods \
  --selector=ivory-operator.ivorysql.org/role=master \
  -o jsonpath='{.items[*].metadata.labels.ivory-operator\.ivorysql\.org/instance}'
equals "hippo-instance1-zj5s"
expect 0 "the tutorial's instance selector finds both pods" -- kubectl -n conformance get pods \
  --selector=ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance-set -o name
contains "pod/hippo-instance1-zj5s-0"; contains "pod/hippo-instance1-6kbw-0"
expect 0 "set-based selector: in, notin, exists" -- kubectl -n conformance get pods \
  -l 'ivory-operator.ivorysql.org/role in (replica,primary),ivory-operator.ivorysql.org/instance notin (x),ivory-operator.ivorysql.org/cluster' -o name
equals "pod/hippo-instance1-6kbw-0"
expect 0 "pods get Kubernetes' defaults" -- kubectl -n conformance get pod hippo-instance1-zj5s-0 -o 'jsonpath={.spec.restartPolicy}/{.spec.dnsPolicy}/{.spec.containers[0].terminationMessagePath}/{.spec.containers[0].imagePullPolicy}'
equals "Always/ClusterFirst//dev/termination-log/IfNotPresent"

# --- label, annotate, patch (json, merge, strategic), edit
expect 0 "label" -- kubectl -n conformance label configmap settings owner=team-a
contains "configmap/settings labeled"
expect 0 "annotate" -- kubectl -n conformance annotate configmap settings note=hello
contains "configmap/settings annotated"
expect 0 "patch --type=merge" -- kubectl -n conformance patch configmap settings --type=merge -p '{"data":{"merge":"yes"}}'
expect 0 "patch --type=json" -- kubectl -n conformance patch configmap settings --type=json -p '[{"op":"add","path":"/data/json","value":"yes"}]'
expect 0 "patch --type=strategic on a pod merges containers by name" -- kubectl -n conformance patch pod hippo-instance1-zj5s-0 --type=strategic \
  -p '{"metadata":{"labels":{"ivory-operator.ivorysql.org/role":"replica"}},"spec":{"containers":[{"name":"database","image":"docker.io/ivorysql/ivorysql:ubi9-5.4-5.4-2"}]}}'
expect 0 "the strategic patch kept the one container and changed its image" -- kubectl -n conformance get pod hippo-instance1-zj5s-0 -o 'jsonpath={.spec.containers[*].name} {.spec.containers[0].image}'
equals "database docker.io/ivorysql/ivorysql:ubi9-5.4-5.4-2"
expect 0 "every patch landed" -- kubectl -n conformance get configmap settings -o 'jsonpath={.data.merge}{.data.json}{.metadata.labels.owner}{.metadata.annotations.note}'
equals "yesyesteam-ahello"
printf '#!/bin/sh\nsed -i "s/mode: fast/mode: edited/" "$1"\n' >"${work}/editor.sh"; chmod +x "${work}/editor.sh"
expect 0 "edit through KUBE_EDITOR" -- env KUBE_EDITOR="${work}/editor.sh" kubectl -n conformance edit configmap settings
contains "configmap/settings edited"
expect 0 "the edit landed" -- kubectl -n conformance get configmap settings -o 'jsonpath={.data.mode}'
equals "edited"

# --- a StatefulSet: defaults, scale, immutable selector
cat >"${work}/sts.yaml" <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: hippo-instance1-zj5s
  namespace: conformance
  labels: {ivory-operator.ivorysql.org/cluster: hippo}
spec:
  serviceName: hippo-pods
  updateStrategy: {type: OnDelete}
  selector:
    matchLabels: {ivory-operator.ivorysql.org/instance: hippo-instance1-zj5s}
  template:
    metadata:
      labels: {ivory-operator.ivorysql.org/instance: hippo-instance1-zj5s}
    spec:
      containers: [{name: database, image: docker.io/ivorysql/ivorysql:ubi9-5.4-5.4-1}]
YAML
expect 0 "apply a StatefulSet" -- kubectl apply -f "${work}/sts.yaml"
contains "statefulset.apps/hippo-instance1-zj5s created"
expect 0 "re-apply the StatefulSet is unchanged" -- kubectl apply -f "${work}/sts.yaml"
contains "statefulset.apps/hippo-instance1-zj5s unchanged"
expect 0 "the StatefulSet got Kubernetes' defaults" -- kubectl -n conformance get sts hippo-instance1-zj5s \
  -o 'jsonpath={.spec.replicas} {.spec.podManagementPolicy} {.spec.revisionHistoryLimit} {.metadata.generation}'
equals "1 OrderedReady 10 1"
expect 0 "scale" -- kubectl -n conformance scale sts hippo-instance1-zj5s --replicas=3
contains "statefulset.apps/hippo-instance1-zj5s scaled"
expect 0 "scale changed spec.replicas and the generation" -- kubectl -n conformance get sts hippo-instance1-zj5s -o 'jsonpath={.spec.replicas} {.metadata.generation}'
equals "3 2"
expect 0 "get sts shows READY and AGE" -- kubectl -n conformance get sts
matches '^hippo-instance1-zj5s +0/3 +[0-9]+s$'
expect 1 "a StatefulSet's selector is immutable" -- kubectl -n conformance patch sts hippo-instance1-zj5s --type=merge \
  -p '{"spec":{"selector":{"matchLabels":{"other":"x"}},"template":{"metadata":{"labels":{"other":"x"}}}}}'
contains 'The StatefulSet "hippo-instance1-zj5s" is invalid: spec: Forbidden: updates to statefulset spec for fields other than'

# --- errors in Kubernetes' words
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo, namespace: conformance}\ndata: {a: b}\ndatta: {c: d}\n' >"${work}/typo.yaml"
expect 1 "an unknown field of a built-in kind fails strict validation" -- kubectl apply -f "${work}/typo.yaml"
contains 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"'
expect 1 "and nothing was written" -- kubectl -n conformance get configmap typo
expect 0 "with --validate=false the unknown field is dropped" -- kubectl apply --validate=false -f "${work}/typo.yaml"
expect 0 "the stored ConfigMap has no unknown field" -- kubectl -n conformance get configmap typo -o 'jsonpath={.data.a}|{.datta}'
equals "b|"
expect 1 "get of a missing object" -- kubectl -n conformance get configmap nope
equals 'Error from server (NotFound): configmaps "nope" not found'
expect 1 "an immutable field cannot change" -- kubectl -n conformance patch svc hippo-replicas -p '{"spec":{"clusterIP":"10.96.200.200"}}'
contains 'The Service "hippo-replicas" is invalid: spec.clusterIP: Invalid value: "10.96.200.200": field is immutable'
expect 1 "create into a missing namespace" -- kubectl -n nowhere create -f - <<<'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}'
contains 'namespaces "nowhere" not found'

# --- custom resources: the IvoryCluster CRD and the tutorial's cluster
expect 0 "apply the IvoryCluster CRD" -- kubectl apply -f "${REPO}/config/crd/bases/ivory-operator.ivorysql.org_ivoryclusters.yaml"
contains "customresourcedefinition.apiextensions.k8s.io/ivoryclusters.ivory-operator.ivorysql.org created"
expect 0 "wait for the CRD to be established" -- kubectl wait --for=condition=Established crd/ivoryclusters.ivory-operator.ivorysql.org --timeout=10s
contains "condition met"
expect 0 "create the namespace the examples use" -- kubectl create -f - <<<'{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ivory-operator"}}'
expect 0 "apply -k of the tutorial's kustomization" -- kubectl apply -k "${REPO}/examples/kustomize/ivory"
contains "ivorycluster.ivory-operator.ivorysql.org/hippo created"
expect 0 "re-apply -k is unchanged" -- kubectl apply -k "${REPO}/examples/kustomize/ivory"
contains "ivorycluster.ivory-operator.ivorysql.org/hippo unchanged"
expect 0 "the CRD's printer columns and short name" -- kubectl -n ivory-operator get ivc
matches '^NAME +VERSION +INSTANCES +READY +PRIMARY +AGE$'
matches '^hippo +15 +'
expect 0 "schema defaults were applied" -- kubectl -n ivory-operator get ivorycluster hippo -o 'jsonpath={.spec.port}/{.spec.instances[0].replicas}/{.metadata.generation}'
equals "5432/2/1"
expect 1 "a schema violation is rejected with the field path" -- kubectl -n ivory-operator patch ivorycluster hippo --type=merge -p '{"spec":{"port":80}}'
contains 'spec.port: Invalid value: 80: spec.port in body should be greater than or equal to 1024'
expect 1 "an unknown field is rejected by strict validation" -- kubectl apply -f "${REPO}/testassets/invalid/unknown-field.yaml" -n ivory-operator
contains 'Error from server (BadRequest)'
contains 'IvoryCluster in version "v1beta1" cannot be handled as a IvoryCluster: strict decoding error: unknown field "spec.instances[0].replica"'
expect 0 "a spec change bumps the generation" -- kubectl -n ivory-operator patch ivorycluster hippo --type=merge -p '{"spec":{"paused":true}}'
expect 0 "generation is now 2" -- kubectl -n ivory-operator get ivorycluster hippo -o 'jsonpath={.metadata.generation}'
equals "2"
expect 0 "server-side apply of a custom resource (the tutorial's synchronous replication)" -- \
  kubectl apply --server-side --force-conflicts -f "${REPO}/examples/kustomize/synchronous-replication/ivory.yaml" -n ivory-operator
contains "ivorycluster.ivory-operator.ivorysql.org/hippo serverside-applied"
expect 0 "the applied dynamic configuration is stored" -- kubectl -n ivory-operator get ivorycluster hippo \
  -o 'jsonpath={.spec.patroni.dynamicConfiguration.synchronous_mode} {.spec.patroni.dynamicConfiguration.synchronous_mode_strict} {.metadata.generation}'
equals "true true 3"

# --- server-side apply of a kustomization (as `ivyo local up` installs IVYO): a Namespace, a CRD, cluster-scoped RBAC
# and namespaced objects in one run, then again without a change
mkdir -p "${work}/ssa-k"
cat >"${work}/ssa-k/kustomization.yaml" <<'YAML'
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ssa-kustomize
resources: [objects.yaml]
YAML
cat >"${work}/ssa-k/objects.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata: {name: ssa-kustomize, labels: {app: ssa}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.conformance.example.com, labels: {app: ssa}}
spec:
  group: conformance.example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, listKind: GadgetList, shortNames: [gd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: integer}}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: runner, labels: {app: ssa}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ssa-kustomize-runner, labels: {app: ssa}}
rules: [{apiGroups: [conformance.example.com], resources: [gadgets], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ssa-kustomize-runner, labels: {app: ssa}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ssa-kustomize-runner}
subjects: [{kind: ServiceAccount, name: runner, namespace: ssa-kustomize}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, labels: {app: ssa}}
data: {mode: fast}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: ssa}}
spec:
  selector: {matchLabels: {app: ssa}}
  template:
    metadata: {labels: {app: ssa}}
    spec:
      serviceAccountName: runner
      containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
YAML
ssa_objects=(namespace/ssa-kustomize customresourcedefinition.apiextensions.k8s.io/gadgets.conformance.example.com
  serviceaccount/runner clusterrole.rbac.authorization.k8s.io/ssa-kustomize-runner
  clusterrolebinding.rbac.authorization.k8s.io/ssa-kustomize-runner configmap/settings deployment.apps/web)
expect 0 "apply --server-side -k of a namespace, a CRD and objects in the namespace" -- \
  kubectl apply --server-side --force-conflicts -k "${work}/ssa-k"
for object in "${ssa_objects[@]}"; do contains "${object} serverside-applied"; done
expect 0 "the applied namespace is the one get finds" -- kubectl get namespace ssa-kustomize -o 'jsonpath={.metadata.labels.app} {.status.phase}'
equals "ssa Active"
expect 0 "each object is owned by kubectl's Apply" -- kubectl -n ssa-kustomize get "${ssa_objects[@]}" \
  -o 'jsonpath={range .items[*]}{.metadata.managedFields[?(@.operation=="Apply")].manager} {end}'
equals "kubectl kubectl kubectl kubectl kubectl kubectl kubectl "
expect 0 "the CRD's conditions are reported" -- kubectl get crd gadgets.conformance.example.com -o 'jsonpath={.status.conditions[?(@.type=="Established")].status}'
equals "True"
revisions='jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion} {end}'
expect 0 "resourceVersions before re-applying" -- kubectl -n ssa-kustomize get "${ssa_objects[@]}" -o "${revisions}"
before="$(cat "${work}/out")"
expect 0 "apply --server-side -k again" -- kubectl apply --server-side --force-conflicts -k "${work}/ssa-k"
for object in "${ssa_objects[@]}"; do contains "${object} serverside-applied"; done
expect 0 "re-applying changed nothing" -- kubectl -n ssa-kustomize get "${ssa_objects[@]}" -o "${revisions}"
equals "${before}"
printf 'apiVersion: conformance.example.com/v1\nkind: Gadget\nmetadata: {name: g1, namespace: ssa-kustomize}\nspec: {size: 3}\n' >"${work}/gadget.yaml"
expect 0 "apply --server-side of a custom resource of the applied CRD" -- kubectl apply --server-side -f "${work}/gadget.yaml"
contains "gadget.conformance.example.com/g1 serverside-applied"
expect 0 "strategic merge patch of the CRD (kubectl patch's default)" -- \
  kubectl patch crd gadgets.conformance.example.com -p '{"metadata":{"labels":{"patched":"yes"}}}'
contains "customresourcedefinition.apiextensions.k8s.io/gadgets.conformance.example.com patched"

# --- RBAC: a ServiceAccount's token, auth can-i, and a 403 in Kubernetes' words
cat >"${work}/rbac.yaml" <<'YAML'
apiVersion: v1
kind: ServiceAccount
metadata: {name: reader, namespace: conformance}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: cm-reader, namespace: conformance}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: cm-reader, namespace: conformance}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-reader}
subjects: [{kind: ServiceAccount, name: reader, namespace: conformance}]
YAML
expect 0 "create a ServiceAccount and a Role bound to it" -- kubectl create -f "${work}/rbac.yaml"
expect 0 "create token" -- kubectl -n conformance create token reader
token="$(cat "${work}/out")"
[[ "${token}" == *.*.* ]] || fail "not a JWT: ${token}"
# A kubeconfig with only the token: the admin kubeconfig's client certificate would authenticate first.
cat >"${work}/token.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: $(kubectl config view --raw -o 'jsonpath={.clusters[0].cluster.server}')
    certificate-authority-data: $(kubectl config view --raw -o 'jsonpath={.clusters[0].cluster.certificate-authority-data}')
users:
- name: reader
  user:
    token: ${token}
contexts:
- name: reader
  context: {cluster: local, user: reader}
current-context: reader
KUBECONFIG
as_reader() { KUBECONFIG="${work}/token.kubeconfig" "$@"; }
expect 0 "auth can-i: the admin can do everything" -- kubectl auth can-i delete pods -n conformance
equals "yes"
expect 0 "auth can-i --as a ServiceAccount is allowed what its Role grants" -- as_reader kubectl -n conformance auth can-i list configmaps
equals "yes"
expect 1 "and nothing else" -- as_reader kubectl -n conformance auth can-i delete configmaps
equals "no"
expect 1 "a denied request is 403 with Kubernetes' message" -- as_reader kubectl -n conformance get secrets
contains 'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:conformance:reader" cannot list resource "secrets" in API group "" in the namespace "conformance"'
expect 0 "the token reads what it may" -- as_reader kubectl -n conformance get configmap settings -o name
equals "configmap/settings"

# --- watch sees later changes
kubectl -n conformance get configmaps -w --output-watch-events >"${work}/watch" 2>&1 &
watcher=$!
sleep 1
kubectl -n conformance create -f - >/dev/null <<<'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"later"}}'
for _ in $(seq 50); do grep -q "later" "${work}/watch" && break; sleep 0.1; done
kill "${watcher}" 2>/dev/null; wait "${watcher}" 2>/dev/null
cp "${work}/watch" "${work}/out"; checks=$((checks + 1)); echo "ok ${checks} get -w saw a later create"
matches '^ADDED +later'

# --- delete
expect 0 "delete a configmap" -- kubectl -n conformance delete configmap later
contains 'configmap "later" deleted'
expect 0 "delete by label selector" -- kubectl -n conformance delete pods -l ivory-operator.ivorysql.org/cluster=hippo
contains 'pod "hippo-instance1-zj5s-0" deleted'; contains 'pod "hippo-instance1-6kbw-0" deleted'
expect 0 "no pods remain" -- kubectl -n conformance get pods -o name
equals ""

# --- garbage collection: cascading and orphan deletes, and a namespace's contents
owned_by() { # owned_by NAME OWNER-NAME OWNER-UID: a ConfigMap with a controller reference to a ConfigMap
  printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","namespace":"conformance","ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"%s","uid":"%s","controller":true,"blockOwnerDeletion":true}]}}' "$1" "$2" "$3"
}
for owner in parent-a parent-b; do
  kubectl -n conformance create configmap "${owner}" --from-literal=x=y >/dev/null
  uid="$(kubectl -n conformance get configmap "${owner}" -o 'jsonpath={.metadata.uid}')"
  owned_by "child-of-${owner}" "${owner}" "${uid}" | kubectl create -f - >/dev/null
done
expect 0 "delete --cascade=orphan keeps the dependent" -- kubectl -n conformance delete configmap parent-a --cascade=orphan
expect 0 "the orphan lost its owner reference" -- kubectl -n conformance get configmap child-of-parent-a -o 'jsonpath={.metadata.ownerReferences}'
equals ""
expect 0 "delete --cascade=foreground waits for the dependent" -- kubectl -n conformance delete configmap parent-b --cascade=foreground
expect 1 "the dependent went with its owner" -- kubectl -n conformance get configmap child-of-parent-b
contains 'configmaps "child-of-parent-b" not found'
expect 0 "deleting a namespace deletes what is in it, then the namespace" -- kubectl delete namespace conformance --timeout=60s
contains 'namespace "conformance" deleted'
expect 1 "the namespace is gone" -- kubectl get namespace conformance
contains 'namespaces "conformance" not found'

echo "${checks} checks passed"
