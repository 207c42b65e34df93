namespace Vigil.Store;

/// <summary>
/// The store cannot do what was asked: it cannot be opened, was written by a newer Vigil, or a finding id is unknown
/// or ambiguous. The message is one line for a person, naming the store's path where that helps.
/// </summary>
public sealed class StoreException : Exception
{
    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
