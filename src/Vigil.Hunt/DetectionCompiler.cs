using Vigil.Content.Model;
using Vigil.Spl.Execution;
using Vigil.Spl.Definitions;
using Vigil.Spl.Syntax;

namespace Vigil.Hunt;

/// <summary>Compiles detections' searches with the library's macros and event types.</summary>
public static class DetectionCompiler
{
    public static (List<CompiledDetection> Compiled, List<DetectionFailure> Failures) Compile(IEnumerable<Detection> detections, SplDefinitions definitions)
    {
        var compiled = new List<CompiledDetection>();
        var failures = new List<DetectionFailure>();
        foreach (var detection in detections)
        {
            try
            {
                compiled.Add(new CompiledDetection(detection, SplPipeline.Compile(detection.Search, definitions)));
            }
            catch (SplCompileException e)
            {
                var summary = e.Diagnostics.Count > 0 ? e.Diagnostics[0].Message : e.Message;
                failures.Add(new DetectionFailure(detection, e.Message, summary, e.Diagnostics));
            }
        }

        return (compiled, failures);
    }
}
