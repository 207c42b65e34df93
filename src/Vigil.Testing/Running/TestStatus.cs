namespace Vigil.Testing.Running;

public enum TestStatus
{
    Pass,
    Fail,

    /// <summary>Not run: a manual or integration test, said why.</summary>
    Skip,

    /// <summary>Could not be run: missing test data, a search Vigil cannot run, unreadable data.</summary>
    Error,
}
