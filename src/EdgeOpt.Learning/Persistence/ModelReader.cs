using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EdgeOpt.Learning.Persistence;

/// <summary>
/// Reads what <see cref="ModelWriter"/> wrote. Every problem is an <see cref="InvalidDataException"/> that names the
/// file kind and the field: a wrong format name or version, a field out of order, a truncated file, a damaged body
/// (checksum), a value out of range.
/// </summary>
internal sealed class ModelReader : IDisposable
{
    /// <summary>Longest array a file may declare (guards against allocating from a damaged length).</summary>
    private const int MaxLength = 1 << 28;

    private readonly string _kind;
    private readonly GZipStream _zip;
    private readonly HashingReadStream _hashing;
    private readonly BinaryReader _body;

    private ModelReader(string kind, GZipStream zip)
    {
        _kind = kind;
        _zip = zip;
        _hashing = new HashingReadStream(zip);
        _body = new BinaryReader(_hashing, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>Checks the header (format name and version) and opens the body.</summary>
    /// <param name="kind">What the file holds, for messages ("latency model file").</param>
    public static ModelReader Open(Stream input, string kind, string format, int version)
    {
        ArgumentNullException.ThrowIfNull(input);
        string found;
        int foundVersion;
        using (var header = new BinaryReader(input, Encoding.UTF8, leaveOpen: true))
        {
            try { found = header.ReadString(); }
            catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException)
            {
                throw new InvalidDataException($"{kind}: field 'format' cannot be read: not an EdgeOpt model file, or empty ({e.Message})", e);
            }
            if (found != format)
                throw new InvalidDataException(
                    $"{kind}: field 'format' is '{Shorten(found)}', expected '{format}': not this kind of EdgeOpt model file");
            try { foundVersion = header.ReadInt32(); }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"{kind}: the file ends inside field 'version' (truncated)", e);
            }
        }
        if (foundVersion != version)
            throw new InvalidDataException(
                $"{kind}: field 'version' is {foundVersion}; this build reads version {version} of format '{format}' only. " +
                "Regenerate the file with this build (`edgeopt train`, see models/README.md).");
        long length;
        using (var header = new BinaryReader(input, Encoding.UTF8, leaveOpen: true))
        {
            try { length = header.ReadInt64(); }
            catch (EndOfStreamException e) { throw new InvalidDataException($"{kind}: the file ends inside field 'length' (truncated)", e); }
        }
        if (length < 0 || length > int.MaxValue)
            throw new InvalidDataException($"{kind}: field 'length' is {length}; allowed 0..{int.MaxValue}");
        var body = new byte[length];
        var read = input.ReadAtLeast(body, body.Length, throwOnEndOfStream: false);
        if (read < body.Length)
            throw new InvalidDataException($"{kind}: the file ends inside field 'body' after {read} of {length} bytes (truncated)");
        return new ModelReader(kind, new GZipStream(new MemoryStream(body, writable: false), CompressionMode.Decompress));
    }

    public int Int(string name) => Field(name, () => _body.ReadInt32());

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string name, int min, int max)
    {
        var value = Int(name);
        if (value < min || value > max) throw Bad(name, $"is {value}; allowed {min}..{max}");
        return value;
    }

    public bool Bool(string name) => Field(name, () => _body.ReadBoolean());

    public double Double(string name) => Field(name, () => _body.ReadDouble());

    /// <summary>A finite double.</summary>
    public double FiniteDouble(string name)
    {
        var value = Double(name);
        if (!double.IsFinite(value)) throw Bad(name, $"is {value}; a finite number is required");
        return value;
    }

    public string String(string name) => Field(name, () => _body.ReadString());

    public string[] Strings(string name) => Field(name, () =>
    {
        var values = new string[Length(name)];
        for (var i = 0; i < values.Length; i++) values[i] = _body.ReadString();
        return values;
    });

    public double[] Doubles(string name, int? expectedLength = null) => Array<double>(name, expectedLength);

    public float[] Floats(string name, int? expectedLength = null) => Array<float>(name, expectedLength);

    public int[] Ints(string name, int? expectedLength = null) => Array<int>(name, expectedLength);

    /// <summary>An error about a field whose value was read but does not fit (e.g. an unknown name).</summary>
    public InvalidDataException Bad(string name, string problem) => new($"{_kind}: field '{name}' {problem}");

    /// <summary>Reads the end tag and checks the body's checksum.</summary>
    public void Finish()
    {
        ExpectTag(ModelWriter.EndTag);
        var computed = _hashing.Hash();
        var stored = new byte[computed.Length];
        try { _zip.ReadExactly(stored); }
        catch (EndOfStreamException e) { throw new InvalidDataException($"{_kind}: the file ends inside field 'checksum' (truncated)", e); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{_kind}: field 'checksum' is damaged ({e.Message})", e); }
        if (!computed.AsSpan().SequenceEqual(stored))
            throw new InvalidDataException($"{_kind}: field 'checksum' does not match the body: the file is damaged");
    }

    public void Dispose()
    {
        _body.Dispose();
        _zip.Dispose();
    }

    private T[] Array<T>(string name, int? expectedLength) where T : unmanaged => Field(name, () =>
    {
        var length = Length(name);
        if (expectedLength is { } expected && length != expected)
            throw Bad(name, $"holds {length} values; expected {expected}");
        var values = new T[length];
        _body.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    });

    private int Length(string name)
    {
        var length = _body.ReadInt32();
        if (length < 0 || length > MaxLength) throw Bad(name, $"declares {length} values; allowed 0..{MaxLength}");
        return length;
    }

    private T Field<T>(string name, Func<T> read)
    {
        ExpectTag(name);
        return Guard(name, read);
    }

    private void ExpectTag(string name)
    {
        var tag = Guard(name, () => _body.ReadString());
        if (tag != name)
            throw new InvalidDataException(
                $"{_kind}: expected field '{name}' but found '{Shorten(tag)}': the file is damaged or was written by another version");
    }

    private T Guard<T>(string name, Func<T> read)
    {
        try { return read(); }
        catch (EndOfStreamException e) { throw new InvalidDataException($"{_kind}: the file ends inside field '{name}' (truncated)", e); }
        catch (InvalidDataException e) when (!e.Message.StartsWith(_kind, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{_kind}: field '{name}' cannot be read: the file is damaged ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or FormatException or DecoderFallbackException or OverflowException)
        {
            throw new InvalidDataException($"{_kind}: field '{name}' cannot be read: the file is damaged ({e.Message})", e);
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Hashes the bytes read through it.</summary>
    private sealed class HashingReadStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _hash.GetHashAndReset();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            _hash.AppendData(buffer[..read]);
            return read;
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

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
