using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Storage;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>
/// An acknowledged write survives <c>kill -9</c>: a burst of 1,000 creates through the API, etcd killed in the middle,
/// then a new API server over the restarted etcd still has every acknowledged object, and resourceVersions go on
/// increasing.
/// </summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9()
    {
        var data = Path.Combine(Path.GetTempPath(), "ivyo-durability-" + Guid.NewGuid().ToString("N"));
        var etcd = await EtcdProcess.StartAsync(data);
        try
        {
            var acknowledged = new ConcurrentBag<(string Name, long Revision)>();
            long highest;
            await using (var store = await EtcdObjectStore.ConnectAsync(etcd.ClientUrl))
            await using (var server = await Hosting.ApiServer.StartAsync(new ApiServerOptions { Store = store }))
            {
                using var client = Client(server);
                await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "burst" } });
                var writer = Task.Run(async () =>
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        try
                        {
                            var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"cm-{i:D4}" } }, "burst");
                            acknowledged.Add((created.Metadata.Name, long.Parse(created.Metadata.ResourceVersion, CultureInfo.InvariantCulture)));
                        }
                        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException)
                        {
                            // Writes fail while etcd is down; only acknowledged ones count.
                        }
                    }
                });

                var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
                while (acknowledged.Count < 300 && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(10);
                }

                etcd.Kill();
                await writer.WaitAsync(TimeSpan.FromMinutes(3));
                highest = acknowledged.Max(a => a.Revision);
            }

            Assert.True(acknowledged.Count >= 300, $"only {acknowledged.Count} writes were acknowledged before the kill");
            await etcd.RestartAsync();
            await using (var store = await EtcdObjectStore.ConnectAsync(etcd.ClientUrl))
            await using (var server = await Hosting.ApiServer.StartAsync(new ApiServerOptions { Store = store }))
            {
                using var client = Client(server);
                var stored = (await client.CoreV1.ListNamespacedConfigMapAsync("burst")).Items
                    .ToDictionary(c => c.Metadata.Name, c => long.Parse(c.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
                foreach (var (name, revision) in acknowledged)
                {
                    Assert.True(stored.TryGetValue(name, out var storedRevision), $"{name} was acknowledged at {revision} but is gone");
                    Assert.Equal(revision, storedRevision);
                }

                var next = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after-restart" } }, "burst");
                Assert.True(long.Parse(next.Metadata.ResourceVersion, CultureInfo.InvariantCulture) > highest);
            }
        }
        finally
        {
            await etcd.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_watch_whose_store_fails_ends_with_an_InternalError_event_as_kube_apiserver_ends_it()
    {
        var data = Path.Combine(Path.GetTempPath(), "ivyo-watchfail-" + Guid.NewGuid().ToString("N"));
        var etcd = await EtcdProcess.StartAsync(data);
        try
        {
            await using var store = await EtcdObjectStore.ConnectAsync(etcd.ClientUrl);
            await using var server = await Hosting.ApiServer.StartAsync(new ApiServerOptions { Store = store });
            using var client = Client(server);
            var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "watched" } }, "default");
            using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true, ClientCertificates = { AdminCertificate(server) } });
            using var response = await http.GetAsync(
                new Uri(server.Url, "api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + created.Metadata.ResourceVersion),
                HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

            // The store fails under the open watch: etcd is gone.
            etcd.Kill();

            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(line);
            var error = System.Text.Json.Nodes.JsonNode.Parse(line)!;
            Assert.Equal("ERROR", (string?)error["type"]);
            Assert.Equal(500, (int?)error["object"]?["code"]);
            Assert.Equal("InternalError", (string?)error["object"]?["reason"]);
            // Then the stream ends, rather than being reset.
            Assert.Null(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await etcd.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 AdminCertificate(Hosting.ApiServer server)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.AdminKubeconfig));
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
        return System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData)),
            Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData)));
    }

    private static Kubernetes Client(Hosting.ApiServer server)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.AdminKubeconfig));
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
        config.HttpClientTimeout = TimeSpan.FromSeconds(5);
        return new Kubernetes(config);
    }
}
