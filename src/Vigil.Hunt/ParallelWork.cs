using System.Runtime.ExceptionServices;

namespace Vigil.Hunt;

/// <summary>Work items done on up to a number of threads, whose failure reads as it would have on one thread.</summary>
internal static class ParallelWork
{
    /// <summary>Calls <paramref name="body"/> for 0 to <paramref name="count"/> - 1 on up to <paramref name="threads"/> threads (the caller's among them).</summary>
    public static void For(int count, int threads, Action<int> body, CancellationToken cancellationToken)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
