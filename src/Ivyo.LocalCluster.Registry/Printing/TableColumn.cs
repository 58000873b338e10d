namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>A meta.k8s.io/v1 TableColumnDefinition; priority 1 columns show with <c>kubectl get -o wide</c>.</summary>
public sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "");
