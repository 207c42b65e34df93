using Vigil.Content.Loading;
using Vigil.Content.Model;
using Vigil.Hunt;
using YamlDotNet.RepresentationModel;

namespace Vigil.Authoring.Validation;

/// <summary>
/// What the checks see of one detection: the loaded model, its YAML with marks (null when the file cannot be read
/// again), and the compiled search or why it did not compile.
/// </summary>
public sealed class DetectionContext(Detection detection, YamlMappingNode? yaml, string file, CompiledDetection? compiled, DetectionFailure? failure)
{
    public Detection Detection { get; } = detection;

    public YamlMappingNode? Yaml { get; } = yaml;

    public string File { get; } = file;

    public CompiledDetection? Compiled { get; } = compiled;

    public DetectionFailure? Failure { get; } = failure;

    /// <summary>The line of a key; a dotted path (tags.message) walks into mappings; 1 when the YAML is not at hand.</summary>
    public int LineOf(string path)
    {
        if (Yaml is null)
        {
            return 1;
        }

        var map = Yaml;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (YamlNodes.Map(map, parts[i]) is not { } inner)
            {
                return YamlNodes.LineOf(map, parts[i]);
            }

            map = inner;
        }

        return YamlNodes.LineOf(map, parts[^1]);
    }

    public ValidationDiagnostic Error(string code, string path, string message, string cause) =>
        new(code, ValidationSeverity.Error, File, LineOf(path), message, $"{code} {cause}");

    public ValidationDiagnostic Warning(string code, string path, string message, string cause) =>
        new(code, ValidationSeverity.Warning, File, LineOf(path), message, $"{code} {cause}");

    public ValidationDiagnostic Info(string code, string path, string message, string cause) =>
        new(code, ValidationSeverity.Info, File, LineOf(path), message, $"{code} {cause}");
}
