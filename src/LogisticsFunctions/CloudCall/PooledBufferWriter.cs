using System.Buffers;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from the shared pool, for a body that is copied
/// into the response and then no longer needed. Dispose returns the array; the written memory must not
/// be used after that.
/// </summary>
internal sealed class PooledBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    private int _written;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    // Reserve first: it may swap _buffer for a larger array, which must be the one sliced.
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var free = Reserve(sizeHint);
        return _buffer.AsMemory(_written, free);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var free = Reserve(sizeHint);
        return _buffer.AsSpan(_written, free);
    }

    /// <summary>Forgets what was written, keeping the array, to write the body again from the start.</summary>
    public void Reset() => _written = 0;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Makes room for at least sizeHint bytes (at least one when 0) and returns the free length.
    private int Reserve(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written < needed)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
            _buffer.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.Length - _written;
    }
}
