using System.Runtime.ExceptionServices;

namespace Vigil.Hunt;

/// <summary>Work items done on several threads, whose failure reads as it would have on one thread.</summary>
internal static class ParallelWork
{
    /// <summary>
    /// Calls <paramref name="body"/> for 0 to <paramref name="count"/> - 1 on up to <paramref name="threads"/> threads
    /// (the caller's among them; every core when not given); a failure is rethrown as itself, the first when several.
    /// </summary>
    public static void For(int count, Action<int> body, int threads = -1, CancellationToken cancellationToken = default)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : -1, CancellationToken = cancellationToken }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
