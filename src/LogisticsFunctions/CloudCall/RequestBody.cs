namespace LogisticsFunctions.CloudCall;

/// <summary>Reads a request body up to a cap, so an oversized body costs at most the cap in memory.</summary>
internal static class RequestBody
{
    // For a body of unknown length: a real request is a few hundred bytes, so this is rarely outgrown.
    private const int UnknownLengthBufferBytes = 4096;

    /// <summary>The body's bytes, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        int initialSize;
        if (body.CanSeek)
        {
            // A buffered body knows its length: an oversized one is refused unread, any other gets a buffer
            // of its size (plus the byte that shows the end was reached) instead of a 4 KB guess.
            var remaining = Math.Max(0, body.Length - body.Position);
            if (remaining > maxBytes)
            {
                return null;
            }

            initialSize = (int)remaining + 1;
        }
        else
        {
            initialSize = Math.Min(maxBytes + 1, UnknownLengthBufferBytes);
        }

        var buffer = new byte[initialSize];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    return null;
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
            }

            var read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return buffer.AsMemory(0, total);
            }

            total += read;
        }
    }
}
