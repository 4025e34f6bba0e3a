using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EdgeOpt.Learning.Persistence;

/// <summary>
/// Writes a model file: an uncompressed header (format name, format version, body length), then a gzip body of tagged fields
/// (each value preceded by its field name, so that a reader names what it expected and what it found), ended by the
/// SHA-256 of the body. Read with <see cref="ModelReader"/>.
/// </summary>
internal sealed class ModelWriter : IDisposable
{
    internal const string EndTag = "end";

    private readonly Stream _output;
    private readonly MemoryStream _compressed = new();
    private readonly GZipStream _zip;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly BinaryWriter _body;
    private readonly MemoryStream _buffer = new();
    private bool _finished;

    public ModelWriter(Stream output, string format, int version)
    {
        ArgumentNullException.ThrowIfNull(output);
        using (var header = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
        {
            header.Write(format);
            header.Write(version);
        }
        _output = output;
        _zip = new GZipStream(_compressed, CompressionLevel.SmallestSize, leaveOpen: true);
        _body = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true);
    }

    public void Int(string name, int value) { Tag(name); _body.Write(value); Flush(); }

    public void Bool(string name, bool value) { Tag(name); _body.Write(value); Flush(); }

    public void Double(string name, double value) { Tag(name); _body.Write(value); Flush(); }

    public void String(string name, string value) { Tag(name); _body.Write(value); Flush(); }

    public void Strings(string name, IReadOnlyCollection<string> values)
    {
        Tag(name);
        _body.Write(values.Count);
        foreach (var v in values) _body.Write(v);
        Flush();
    }

    public void Doubles(string name, ReadOnlySpan<double> values)
    {
        Tag(name);
        _body.Write(values.Length);
        _body.Write(MemoryMarshal.AsBytes(values));
        Flush();
    }

    public void Floats(string name, ReadOnlySpan<float> values)
    {
        Tag(name);
        _body.Write(values.Length);
        _body.Write(MemoryMarshal.AsBytes(values));
        Flush();
    }

    public void Ints(string name, ReadOnlySpan<int> values)
    {
        Tag(name);
        _body.Write(values.Length);
        _body.Write(MemoryMarshal.AsBytes(values));
        Flush();
    }

    /// <summary>Ends the body: an end tag and the SHA-256 of everything before it.</summary>
    public void Finish()
    {
        if (_finished) return;
        Tag(EndTag);
        Flush();
        _zip.Write(_hash.GetHashAndReset());
        _zip.Dispose();
        using (var trailer = new BinaryWriter(_output, Encoding.UTF8, leaveOpen: true)) trailer.Write(_compressed.Length);
        _output.Write(_compressed.GetBuffer().AsSpan(0, (int)_compressed.Length));
        _output.Flush();
        _finished = true;
    }

    public void Dispose()
    {
        _body.Dispose();
        _buffer.Dispose();
        _hash.Dispose();
        _zip.Dispose();
        _compressed.Dispose();
    }

    private void Tag(string name) => _body.Write(name);

    private void Flush()
    {
        _body.Flush();
        var bytes = _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);
        _hash.AppendData(bytes);
        _zip.Write(bytes);
        _buffer.SetLength(0);
    }
}
