namespace Ivyo.LocalCluster.Registry.Catalog;

/// <summary>One of a CustomResourceDefinition version's <c>additionalPrinterColumns</c>.</summary>
/// <param name="Name">The column header, such as <c>Ready</c>.</param>
/// <param name="Type">The OpenAPI type: integer, number, string, boolean or date.</param>
/// <param name="Format">The optional OpenAPI format.</param>
/// <param name="Description">The human-readable description.</param>
/// <param name="Priority">0 for the default columns, higher for <c>-o wide</c>.</param>
/// <param name="JsonPath">The simple JSONPath evaluated against each object, such as <c>.status.replicas</c>.</param>
public sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);
