using Vigil.Content.Model;
using Vigil.Hunt.Deferral;
using Vigil.Spl.Execution;
using Vigil.Spl.Definitions;
using Vigil.Spl.Syntax;

namespace Vigil.Hunt;

/// <summary>Compiles detections' searches with the library's macros and event types.</summary>
public static class DetectionCompiler
{
    /// <summary>
    /// Compiles each detection, in order; with <paramref name="facts"/>, what an earlier run with the same definitions
    /// learnt stands in: a detection whose facts are known waits to be compiled until a hunt's inputs hold an event it
    /// could take, and one that did not compile fails again for the same reasons without being compiled.
    /// </summary>
    public static (List<CompiledDetection> Compiled, List<DetectionFailure> Failures) Compile(IEnumerable<Detection> detections, SplDefinitions definitions, SearchFactsCache? facts = null)
    {
        // Each detection compiles alone against definitions that do not change meanwhile: on every core, kept in order.
        // (Parallel.For, not PLINQ: PLINQ's generic code is compiled at run time and cost more than it saved.)
        var all = detections.ToList();
        var outcomes = new (CompiledDetection? Compiled, DetectionFailure? Failure)[all.Count];
        Parallel.For(0, all.Count, i =>
        {
            var detection = all[i];
            if (facts?.Recall(detection) is { } recalled)
            {
                outcomes[i] = recalled;
                return;
            }

            try
            {
                outcomes[i] = (new CompiledDetection(detection, SplPipeline.Compile(detection.Search, definitions)), null);
            }
            catch (SplCompileException e)
            {
                var summary = e.Diagnostics.Count > 0 ? e.Diagnostics[0].Message : e.Message;
                outcomes[i] = (null, new DetectionFailure(detection, e.Message, summary, e.Diagnostics));
            }
        });

        return (outcomes.Select(o => o.Compiled).OfType<CompiledDetection>().ToList(), outcomes.Select(o => o.Failure).OfType<DetectionFailure>().ToList());
    }
}
