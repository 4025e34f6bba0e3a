using System.Reflection;

namespace EdgeOpt.Learning.Persistence;

/// <summary>
/// Saves and restores a trainer's options object property by property (public, readable and init-settable), so that
/// an option added later is saved without touching this code. Supported property types: int, int?, double, bool,
/// string, enums, IReadOnlyList&lt;double&gt; and nested option classes with a parameterless constructor. An unsupported
/// type fails on save, naming the property.
/// </summary>
internal static class OptionsCodec
{
    public static void Write(ModelWriter writer, string prefix, object options)
    {
        var properties = Properties(options.GetType());
        writer.Int(prefix + ".count", properties.Length);
        foreach (var property in properties)
        {
            var name = prefix + "." + property.Name;
            writer.String(prefix + ".name", property.Name);
            var value = property.GetValue(options);
            var type = property.PropertyType;
            if (type == typeof(int)) writer.Int(name, (int)value!);
            else if (type == typeof(int?))
            {
                writer.Bool(name + ".hasValue", value is not null);
                if (value is int v) writer.Int(name, v);
            }
            else if (type == typeof(double)) writer.Double(name, (double)value!);
            else if (type == typeof(bool)) writer.Bool(name, (bool)value!);
            else if (type == typeof(string)) writer.String(name, (string)value!);
            else if (type.IsEnum) writer.String(name, value!.ToString()!);
            else if (type == typeof(IReadOnlyList<double>)) writer.Doubles(name, ((IReadOnlyList<double>)value!).ToArray());
            else if (IsNested(type)) Write(writer, name, value!);
            else throw new NotSupportedException(
                $"option {name} has type {type.Name}, which {nameof(OptionsCodec)} cannot save; add it there (and bump the file version)");
        }
    }

    public static T Read<T>(ModelReader reader, string prefix) where T : new() => (T)Read(reader, prefix, typeof(T));

    private static object Read(ModelReader reader, string prefix, Type optionsType)
    {
        var options = Activator.CreateInstance(optionsType)!;
        var properties = Properties(optionsType).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var count = reader.Int(prefix + ".count", 0, 1000);
        for (var i = 0; i < count; i++)
        {
            var propertyName = reader.String(prefix + ".name");
            var name = prefix + "." + propertyName;
            if (!properties.TryGetValue(propertyName, out var property))
                throw reader.Bad(prefix + ".name",
                    $"is '{propertyName}', an option this build does not know; known: {string.Join(", ", properties.Keys)}");
            var type = property.PropertyType;
            object? value;
            if (type == typeof(int)) value = reader.Int(name);
            else if (type == typeof(int?)) value = reader.Bool(name + ".hasValue") ? reader.Int(name) : null;
            else if (type == typeof(double)) value = reader.Double(name);
            else if (type == typeof(bool)) value = reader.Bool(name);
            else if (type == typeof(string)) value = reader.String(name);
            else if (type.IsEnum)
            {
                var text = reader.String(name);
                if (!Enum.TryParse(type, text, out value))
                    throw reader.Bad(name, $"is '{text}'; allowed: {string.Join(", ", Enum.GetNames(type))}");
            }
            else if (type == typeof(IReadOnlyList<double>)) value = reader.Doubles(name);
            else if (IsNested(type)) value = Read(reader, name, type);
            else throw reader.Bad(name, $"has type {type.Name}, which this build cannot read");
            try { property.SetValue(options, value); }
            catch (TargetInvocationException e) { throw reader.Bad(name, $"is rejected: {e.InnerException?.Message}"); }
        }
        return options;
    }

    private static PropertyInfo[] Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .ToArray();

    private static bool IsNested(Type type) =>
        type.IsClass && type != typeof(string) && type.GetConstructor(Type.EmptyTypes) is not null && type.Name == "Options";
}
