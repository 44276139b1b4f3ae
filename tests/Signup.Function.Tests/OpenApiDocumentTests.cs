using Signup.Core;
using Signup.Function.Http;
using Signup.Testing;
using YamlDotNet.RepresentationModel;

namespace Signup.Function.Tests;

/// <summary>Keeps the API description in docs/openapi.yaml in step with the codes and types the function sends.</summary>
public class OpenApiDocumentTests
{
    private static readonly YamlMappingNode Schemas = LoadSchemas();

    [Fact]
    public void ErrorCodes_MatchTheCode()
    {
        var documented = Enum("ErrorCode");
        var sent = RegistrationErrors.All.Select(error => error.Code).Concat(RequestErrorCodes.All).ToHashSet();

        Assert.Empty(sent.Except(documented));
        Assert.Empty(documented.Except(sent));
    }

    [Fact]
    public void ProblemTypes_MatchTheCode()
    {
        var documented = Enum("Problem", "type");
        ApiProblem[] problems =
        [
            Problems.ValidationFailed([]),
            Problems.MalformedBody("", []),
            Problems.Conflict([FieldNames.Username]),
            Problems.PayloadTooLarge(1),
            Problems.UnsupportedMediaType(null),
            Problems.MethodNotAllowed("GET"),
            Problems.Unavailable(TimeSpan.FromSeconds(1), mayHaveBeenCreated: false),
            Problems.InternalError(),
            Problems.InvalidIdempotencyKey(1),
            Problems.IdempotencyKeyReused(),
            Problems.IdempotencyKeyInProgress(TimeSpan.FromSeconds(1)),
        ];

        Assert.Equal(documented.Order(), problems.Select(problem => problem.Type).Order());
    }

    private static HashSet<string> Enum(string schema, string? property = null)
    {
        var node = (YamlMappingNode)Schemas[schema];
        if (property is not null)
        {
            node = (YamlMappingNode)((YamlMappingNode)node["properties"])[property];
        }

        return ((YamlSequenceNode)node["enum"]).Select(value => ((YamlScalarNode)value).Value!).ToHashSet();
    }

    private static YamlMappingNode LoadSchemas()
    {
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Find(), "docs", "openapi.yaml"));
        var stream = new YamlStream();
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return (YamlMappingNode)((YamlMappingNode)root["components"])["schemas"];
    }
}
