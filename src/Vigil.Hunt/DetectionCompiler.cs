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
        // Each detection compiles alone against definitions that do not change meanwhile: on every core, kept in order.
        var outcomes = detections.AsParallel().AsOrdered().Select(detection =>
        {
            try
            {
                return (Compiled: new CompiledDetection(detection, SplPipeline.Compile(detection.Search, definitions)), Failure: (DetectionFailure?)null);
            }
            catch (SplCompileException e)
            {
                var summary = e.Diagnostics.Count > 0 ? e.Diagnostics[0].Message : e.Message;
                return (Compiled: (CompiledDetection?)null, Failure: new DetectionFailure(detection, e.Message, summary, e.Diagnostics));
            }
        }).ToList();

        return (outcomes.Select(o => o.Compiled).OfType<CompiledDetection>().ToList(), outcomes.Select(o => o.Failure).OfType<DetectionFailure>().ToList());
    }
}
