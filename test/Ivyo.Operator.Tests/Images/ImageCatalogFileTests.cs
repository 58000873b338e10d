using Ivyo.Operator.Images;

namespace Ivyo.Operator.Tests.Images;

public sealed class ImageCatalogFileTests
{
    [Fact]
    public void A_catalog_file_replaces_the_built_in_one()
    {
        var catalog = ImageCatalogFile.Parse("""
            images:
            - image: docker.io/ivorysql/ivorysql:*
              distribution: PostgreSql
              preloadLibraries: []
            - image: example/ivory:1
              distribution: IvorySql
              preloadLibraries: [liboracle_parser]
            """);

        Assert.Empty(catalog.PreloadLibraries("docker.io/ivorysql/ivorysql:ubi9-5.4-5.4-1"));
        Assert.Equal(Distribution.PostgreSql, catalog.Find("docker.io/ivorysql/ivorysql:x")!.Distribution);
        Assert.Equal(["liboracle_parser"], catalog.PreloadLibraries("example/ivory:1"));
    }

    [Theory]
    [InlineData("other: 1", "images: Required value: a list of images")]
    [InlineData("images:\n- distribution: IvorySql", "images[0].image: Required value")]
    [InlineData("images:\n- image: a\n  distribution: Oracle", "images[0].distribution: Unsupported value: \"Oracle\": supported values: \"IvorySql\", \"PostgreSql\", \"PgBackRest\", \"PgBouncer\"")]
    [InlineData("images:\n- image: a\n  distribution: IvorySql\n  preloadLibraries: x", "images[0].preloadLibraries: Invalid value: must be a list of library names")]
    public void A_malformed_catalog_is_refused_with_the_path_of_the_problem(string yaml, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => ImageCatalogFile.Parse(yaml));
        Assert.Equal(message, error.Message);
    }
}
