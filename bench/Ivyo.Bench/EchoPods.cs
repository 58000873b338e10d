using k8s.Models;

namespace Ivyo.Bench;

/// <summary>
/// The pods of <c>service-routing</c>, all running the host's Debian <c>/usr/bin/python3</c> (installed with Patroni by
/// scripts/install-prerequisites.sh): a TCP server that answers each connection's first line with its pod's name, and a
/// client that times connect plus one round trip to two addresses, alternately, and prints the times as JSON.
/// </summary>
public static class EchoPods
{
    public const int ServerPort = 8080;

    public const string Python = "/usr/bin/python3";

    /// <summary>One connection at a time: read a line, answer the hostname (the pod's name), close.</summary>
    private const string ServerScript = """
        import socket
        name = socket.gethostname().encode() + b"\n"
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("0.0.0.0", 8080))
        server.listen(128)
        while True:
            conn, _ = server.accept()
            try:
                conn.settimeout(2)
                data = b""
                while b"\n" not in data:
                    chunk = conn.recv(64)
                    if not chunk:
                        break
                    data += chunk
                if data:
                    conn.sendall(name)
            except OSError:
                pass
            finally:
                conn.close()
        """;

    /// <summary>
    /// argv: service address, service port, pod address, pod port, measured trials, warm-up trials. Each trial times a
    /// fresh connection, a line out and the answer back (time.perf_counter_ns), to the Service and to the pod, in
    /// alternating order; prints {"service": [ns...], "pod": [ns...]}.
    /// </summary>
    private const string ClientScript = """
        import json, socket, sys, time
        vip, vport, pip, pport = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
        trials, warm_up = int(sys.argv[5]), int(sys.argv[6])
        def once(host, port):
            start = time.perf_counter_ns()
            conn = socket.create_connection((host, port), timeout=5)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.sendall(b"ping\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(64)
                if not chunk:
                    raise RuntimeError("the server closed without answering")
                data += chunk
            elapsed = time.perf_counter_ns() - start
            conn.close()
            return elapsed
        for _ in range(warm_up):
            once(vip, vport)
            once(pip, pport)
        out = {"service": [], "pod": []}
        for i in range(trials):
            pairs = [("service", vip, vport), ("pod", pip, pport)]
            if i % 2:
                pairs.reverse()
            for key, host, port in pairs:
                out[key].append(once(host, port))
        print(json.dumps(out), flush=True)
        """;

    public static V1Pod Server(string name, string instance, string node) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "echo", ["instance"] = instance } },
        Spec = new V1PodSpec
        {
            NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = node },
            TerminationGracePeriodSeconds = 1,
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "debian:12",
                    Command = [Python, "-c", ServerScript],
                    Ports = [new V1ContainerPort { ContainerPort = ServerPort, Name = "echo" }],
                    ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = ServerPort }, PeriodSeconds = 1 },
                },
            ],
        },
    };

    public static V1Pod Client(string name, string node, string serviceIp, int servicePort, string podIp, int trials, int warmUp) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "echo-client" } },
        Spec = new V1PodSpec
        {
            NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = node },
            RestartPolicy = "Never",
            TerminationGracePeriodSeconds = 1,
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "debian:12",
                    Command =
                    [
                        Python, "-c", ClientScript, serviceIp, servicePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        podIp, ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        trials.ToString(System.Globalization.CultureInfo.InvariantCulture), warmUp.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ],
                },
            ],
        },
    };

    /// <summary>
    /// A pod that only holds a network namespace for the benchmark's own sockets: Python sleeping, with
    /// <paramref name="marker"/> among its arguments so that <see cref="PodProcesses"/> finds it on the host.
    /// </summary>
    public static V1Pod Probe(string name, string node, string marker) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "echo-probe" } },
        Spec = new V1PodSpec
        {
            NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = node },
            TerminationGracePeriodSeconds = 1,
            Containers = [new V1Container { Name = "main", Image = "debian:12", Command = [Python, "-c", "import time\nwhile True: time.sleep(3600)", marker] }],
        },
    };

    /// <summary>A ClusterIP Service on port 80 for the echo servers of <paramref name="instance"/>.</summary>
    public static V1Service Service(string name, string instance) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "echo", ["instance"] = instance },
            Ports = [new V1ServicePort { Port = 80, TargetPort = ServerPort, Protocol = "TCP" }],
        },
    };
}
