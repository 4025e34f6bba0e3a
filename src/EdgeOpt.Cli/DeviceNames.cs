using System.Text;

namespace EdgeOpt.Cli;

internal static class DeviceNames
{
    /// <summary>A device column name from a host name: lower case letters, digits and '_'.</summary>
    public static string FromHostName(string hostName)
    {
        var name = new StringBuilder();
        foreach (var c in hostName.ToLowerInvariant())
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        return name.Length == 0 ? "this_machine" : name.ToString();
    }
}
