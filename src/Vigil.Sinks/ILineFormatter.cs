using System.Buffers;
using Vigil.Events.Model;

namespace Vigil.Sinks;

/// <summary>Formats one event as a line (JSON or CSV), on one thread at a time (<see cref="EventLines"/> keeps one for each thread formatting).</summary>
internal interface ILineFormatter : IDisposable
{
    /// <summary>Appends the event's line, with its newline, to <paramref name="output"/>.</summary>
    void Format(WinEvent winEvent, IBufferWriter<byte> output);
}
