using System.Globalization;
using System.Text.Json;

namespace Snapshot.Format.Conversion;

/// <summary>
/// Reads a JSON document from a stream token by token, handing over the values the encoder needs whole (the
/// header, one section) as a <see cref="JsonDocument"/> of their own. The buffer is refilled as the document is
/// consumed and holds at most one such value, so memory follows the largest section, not the document.
/// </summary>
/// <remarks>
/// The usual refill pattern of <see cref="Utf8JsonReader"/>: a reader over the unconsumed bytes resumes from the
/// saved <see cref="JsonReaderState"/> (which carries the line count, so a syntax error names its line in the
/// whole document); when a value does not fit, the unconsumed bytes move to the front, the buffer grows up to
/// the limit if it is full, and the value is read again from its start.
/// </remarks>
internal sealed class JsonValueStream
{
    private const int InitialBuffer = 1 << 20;

    private readonly Stream _source;
    private readonly int _maxValueBytes;
    private readonly JsonReaderOptions _options;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private bool _final;
    private long _discarded;
    private JsonReaderState _state;

    public JsonValueStream(Stream source, int maxDepth, int maxValueBytes)
    {
        _source = source;
        _maxValueBytes = maxValueBytes;
        _options = new JsonReaderOptions { MaxDepth = maxDepth };
        _state = new JsonReaderState(_options);
    }

    /// <summary>Bytes of the document consumed so far.</summary>
    public long Consumed => _discarded + _start;

    /// <summary>
    /// The next token, consumed; <see cref="JsonTokenType.None"/> at the end of the document. A property name comes
    /// with its name, a primitive value is skipped (use <see cref="NextValue"/> to keep one).
    /// </summary>
    public JsonTokenType Next(string path, out string? propertyName)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (Guarded(ref reader, static (ref Utf8JsonReader r) => r.Read()))
            {
                propertyName = reader.TokenType == JsonTokenType.PropertyName ? reader.GetString() : null;
                Advance(ref reader);
                return reader.TokenType;
            }
            if (_final)
            {
                propertyName = null;
                return JsonTokenType.None;
            }
            Refill(path);
        }
    }

    /// <summary>
    /// The next value, whole, as a document of its own (the caller disposes it before reading on); null when the
    /// next token ends the array being read, which is then consumed.
    /// </summary>
    public JsonDocument? NextValue(string path)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (Guarded(ref reader, static (ref Utf8JsonReader r) => r.Read()))
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    Advance(ref reader);
                    return null;
                }
                int valueStart = (int)reader.TokenStartIndex;
                Utf8JsonReader probe = reader;
                if (Guarded(ref probe, static (ref Utf8JsonReader r) => r.TrySkip()))
                {
                    // The bytes were validated by the probe; the document reads them in place, without a copy.
                    var memory = _buffer.AsMemory(_start + valueStart, (int)probe.BytesConsumed - valueStart);
                    JsonDocument value = JsonDocument.Parse(memory, new JsonDocumentOptions { MaxDepth = _options.MaxDepth });
                    Advance(ref probe);
                    return value;
                }
            }
            if (_final)
                throw new ImageJsonException(path, "not valid JSON: the document ends inside this value");
            Refill(path);
        }
    }

    private delegate bool ReaderStep(ref Utf8JsonReader reader);

    /// <summary>Runs one reader step, turning a syntax error into the document's one-line refusal.</summary>
    private static bool Guarded(ref Utf8JsonReader reader, ReaderStep step)
    {
        try
        {
            return step(ref reader);
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <summary>"not valid JSON at line L, byte B: reason" for a syntax error anywhere in the document.</summary>
    private static ImageJsonException Malformed(JsonException ex)
    {
        string reason = ex.Message;
        int cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
            cut = reason.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        reason = (cut > 0 ? reason[..cut] : reason).TrimEnd('.', ' ');
        return new ImageJsonException("$", string.Create(CultureInfo.InvariantCulture,
            $"not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {reason}"), ex);
    }

    private void Advance(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    /// <summary>Moves the unconsumed bytes to the front, grows a full buffer up to the limit, and reads more.</summary>
    private void Refill(string path)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _discarded += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxValueBytes)
                throw new ImageJsonException(path, $"one value of the document is more than the limit of {_maxValueBytes} bytes");
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _maxValueBytes));
        }
        // Fill the buffer (a pipe hands over 64 KiB at a time): a value that did not fit is then read again from
        // its start once per refill, not once per small read.
        while (_end < _buffer.Length)
        {
            int read = _source.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _final = true;
                return;
            }
            _end += read;
        }
    }
}
