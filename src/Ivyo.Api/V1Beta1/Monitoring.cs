using k8s.Models;
using Ivyo.Schema.Markers;

namespace Ivyo.Api.V1Beta1;

/// <summary>Monitoring tools. IVYO accepts these for compatibility; it deploys no exporter yet.</summary>
public sealed class Monitoring
{
    public PgMonitor? Pgmonitor { get; set; }
}

public sealed class PgMonitor
{
    public ExporterSpec? Exporter { get; set; }
}

public sealed class ExporterSpec
{
    [Doc("Projected volumes containing custom IvorySQL Exporter configuration.  Currently supports the customization of IvorySQL Exporter queries. If a \"queries.yml\" file is detected in any volume projected using this field, it will be loaded using the \"extend.query-path\" flag: https://github.com/prometheus-community/postgres_exporter#flags Changing the values of field causes IvorySQL and the exporter to restart.")]
    public IList<V1VolumeProjection>? Configuration { get; set; }

    [Doc("Projected secret containing custom TLS certificates to encrypt output from the exporter web server")]
    public V1SecretProjection? CustomTLSSecret { get; set; }

    [Doc("The image name to use for crunchy-postgres-exporter containers. The image may also be set using the RELATED_IMAGE_PGEXPORTER environment variable.")]
    public string? Image { get; set; }

    [Doc("Changing this value causes IvorySQL and the exporter to restart. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers")]
    public V1ResourceRequirements? Resources { get; set; }
}

public sealed class MonitoringStatus
{
    public string? ExporterConfiguration { get; set; }
}
