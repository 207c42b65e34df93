using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Evtx.Internal;

/// <summary>Where a template is defined in the file: chunk index and chunk offset of the definition.</summary>
internal readonly record struct TemplateAddress(int ChunkIndex, int Offset);

/// <summary>
/// Templates for a chunk whose header (and with it the template definitions) was lost: compiled from the chunk of the
/// file that defines the same template id. A compiled template is a tree of names and text, independent of the chunk
/// it came from, so it renders the damaged chunk's substitution values as well. Created only for such chunks.
/// </summary>
internal sealed class ForeignTemplateSource(SafeFileHandle file, long fileSize, IReadOnlyDictionary<uint, TemplateAddress> index) : IDisposable
{
    private readonly Dictionary<uint, CompiledTemplate?> _compiled = [];
    private byte[]? _buffer;
    private ChunkContext? _ctx;
    private int _loaded = -1;

    public CompiledTemplate? Get(uint templateId)
    {
        if (_compiled.TryGetValue(templateId, out CompiledTemplate? t))
        {
            return t;
        }

        t = null;
        if (index.TryGetValue(templateId, out TemplateAddress at))
        {
            _buffer ??= ArrayPool<byte>.Shared.Rent(ChunkHeader.Size);
            _ctx ??= new ChunkContext(_buffer);
            if (_loaded != at.ChunkIndex)
            {
                ChunkWorker.ReadChunk(file, fileSize, at.ChunkIndex, _buffer);
                _ctx.Reset();
                _loaded = at.ChunkIndex;
            }

            try
            {
                t = _ctx.GetTemplate(at.Offset, templateId);
            }
            catch (Exception ex) when (ChunkWorker.IsDamage(ex))
            {
                // The other copy is damaged too: the record stays unrenderable.
            }
        }

        _compiled[templateId] = t;
        return t;
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
