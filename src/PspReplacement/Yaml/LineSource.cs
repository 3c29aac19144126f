using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace PspReplacement.Yaml;

/// <summary>One line of a stream: its text without the line break, its 1-based line number, the column its text
/// starts at (0 unless the line was cut by a JSON decoder), and the first byte that was not UTF-8, if any.</summary>
internal readonly record struct TextLine(string Text, int Number, int Column, (int Column, byte Byte)? InvalidUtf8);

/// <summary>
/// The lines of a stream as apimachinery's LineReader (bufio.ReadLine) returns them: split at '\n', a '\r' right
/// before it dropped, any other '\r' kept. Bytes are UTF-8; a UTF-8 byte order mark at the start is skipped and a
/// UTF-16 one switches to UTF-16, as kubectl's file reader (unicode.BOMOverride) does. Bytes that are not UTF-8 are
/// noted per line (kubectl would replace them by U+FFFD; go-yaml refuses them, and so does pspr).
/// </summary>
internal abstract class LineSource : IDisposable
{
    private readonly Queue<TextLine> _pending = new();
    private int _number;

    /// <summary>Lines are read from a byte stream (a file, standard input).</summary>
    public static LineSource Open(Stream stream) => new ByteLines(stream);

    /// <summary>Lines are read from text already decoded (tests, strings).</summary>
    public static LineSource Open(TextReader reader) => new CharLines(reader);

    /// <summary>The next line, or false at the end of the stream.</summary>
    public bool TryRead(out TextLine line)
    {
        if (_pending.TryDequeue(out line)) return true;
        if (!TryReadRaw(out var text, out var invalid))
        {
            line = default;
            return false;
        }
        line = new TextLine(text.ToString(), ++_number, 0, invalid);
        return true;
    }

    /// <summary>The next line without making a string of it: its text is valid until the next read.</summary>
    public bool TryRead(out ReadOnlySpan<char> text, out TextLine where)
    {
        if (_pending.TryDequeue(out where))
        {
            text = where.Text;
            return true;
        }
        if (!TryReadRaw(out text, out var invalid))
        {
            where = default;
            return false;
        }
        where = new TextLine("", ++_number, 0, invalid);
        return true;
    }

    /// <summary>Gives text back to be read again first (a JSON decoder that read ahead): its first line starts at a column.</summary>
    public void Unread(IEnumerable<TextLine> lines)
    {
        var rest = _pending.ToList();
        _pending.Clear();
        foreach (var l in lines) _pending.Enqueue(l);
        foreach (var l in rest) _pending.Enqueue(l);
    }

    /// <summary>The next line of the underlying text; the span is valid until the next call.</summary>
    protected internal abstract bool TryReadRaw(out ReadOnlySpan<char> text, out (int Column, byte Byte)? invalid);

    public abstract void Dispose();

    private sealed class CharLines(TextReader reader) : LineSource
    {
        private readonly char[] _buffer = new char[16 * 1024];
        private int _start, _end;
        private bool _eof;
        // A line longer than what is left in the buffer is gathered here.
        private char[] _long = new char[256];

        protected internal override bool TryReadRaw(out ReadOnlySpan<char> text, out (int Column, byte Byte)? invalid)
        {
            invalid = null;
            var length = 0;
            var any = false;
            while (true)
            {
                if (_start == _end)
                {
                    if (_eof) break;
                    _start = 0;
                    _end = reader.Read(_buffer, 0, _buffer.Length);
                    if (_end <= 0)
                    {
                        _end = 0;
                        _eof = true;
                        break;
                    }
                }
                any = true;
                var span = _buffer.AsSpan(_start, _end - _start);
                var newline = span.IndexOf('\n');
                if (newline < 0)
                {
                    Gather(span, ref length);
                    _start = _end;
                    continue;
                }
                _start += newline + 1;
                if (length == 0)
                {
                    text = TrimCarriageReturn(span[..newline]);
                    return true;
                }
                Gather(span[..newline], ref length);
                text = TrimCarriageReturn(_long.AsSpan(0, length));
                return true;
            }
            text = _long.AsSpan(0, length);
            return any && length > 0;
        }

        private void Gather(ReadOnlySpan<char> part, ref int length)
        {
            if (length + part.Length > _long.Length) Array.Resize(ref _long, Math.Max(_long.Length * 2, length + part.Length));
            part.CopyTo(_long.AsSpan(length));
            length += part.Length;
        }

        public override void Dispose() => reader.Dispose();
    }

    private static ReadOnlySpan<char> TrimCarriageReturn(ReadOnlySpan<char> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    private sealed class ByteLines : LineSource
    {
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;
        private bool _eof;
        private bool _started;
        private CharLines? _utf16;
        private byte[] _line = new byte[256];
        private int _lineLength;
        private char[] _chars = new char[256];

        public ByteLines(Stream stream) => _stream = stream;

        protected internal override bool TryReadRaw(out ReadOnlySpan<char> text, out (int Column, byte Byte)? invalid)
        {
            if (!_started) Start();
            if (_utf16 is not null) return _utf16.TryReadRaw(out text, out invalid);
            _lineLength = 0;
            var any = false;
            while (true)
            {
                if (_start == _end)
                {
                    if (_eof || !Fill()) break;
                }
                any = true;
                var span = _buffer.AsSpan(_start, _end - _start);
                var newline = span.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    Append(span);
                    _start = _end;
                    continue;
                }
                if (_lineLength == 0)
                {
                    // The whole line is in the buffer: decoded from there, without copying its bytes first.
                    _start += newline + 1;
                    text = Decode(TrimCarriageReturn(span[..newline]), out invalid);
                    return true;
                }
                Append(span[..newline]);
                _start += newline + 1;
                text = Decode(TrimCarriageReturn(_line.AsSpan(0, _lineLength)), out invalid);
                return true;
            }
            text = Decode(_line.AsSpan(0, _lineLength), out invalid);
            return any && _lineLength > 0;
        }

        private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

        private void Start()
        {
            _started = true;
            while (_end < 3 && !_eof) Fill(append: true);
            if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
            else if (_end >= 2 && (_buffer[0], _buffer[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
            {
                var encoding = _buffer[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
                var rest = new MemoryStream(_buffer, 2, _end - 2);
                _utf16 = new CharLines(new StreamReader(new ConcatenatedStream(rest, _stream), encoding, detectEncodingFromByteOrderMarks: false));
            }
        }

        private bool Fill(bool append = false)
        {
            if (!append)
            {
                _start = 0;
                _end = 0;
            }
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read <= 0)
            {
                _eof = true;
                return false;
            }
            _end += read;
            return true;
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            if (_lineLength + bytes.Length > _line.Length) Array.Resize(ref _line, Math.Max(_line.Length * 2, _lineLength + bytes.Length));
            bytes.CopyTo(_line.AsSpan(_lineLength));
            _lineLength += bytes.Length;
        }

        private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes, out (int Column, byte Byte)? invalid)
        {
            invalid = null;
            if (_chars.Length < bytes.Length) _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
            var status = Utf8.ToUtf16(bytes, _chars, out var read, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done) return _chars.AsSpan(0, written);
            // The first byte that is not UTF-8 is where the problem is reported; the rest is decoded with
            // replacement characters only so that the splitting of the stream goes on.
            invalid = (CountCodePoints(_chars.AsSpan(0, written)), bytes[read]);
            Utf8.ToUtf16(bytes[read..], _chars.AsSpan(written), out _, out var rest, replaceInvalidSequences: true);
            return _chars.AsSpan(0, written + rest);
        }

        private static int CountCodePoints(ReadOnlySpan<char> chars)
        {
            var n = 0;
            foreach (var c in chars)
                if (!char.IsLowSurrogate(c)) n++;
            return n;
        }

        public override void Dispose()
        {
            _utf16?.Dispose();
            _stream.Dispose();
        }
    }

    /// <summary>The bytes already read ahead, then the rest of the stream.</summary>
    private sealed class ConcatenatedStream(Stream first, Stream second) : Stream
    {
        private bool _firstDone;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!_firstDone)
            {
                var n = first.Read(buffer, offset, count);
                if (n > 0) return n;
                _firstDone = true;
            }
            return second.Read(buffer, offset, count);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
