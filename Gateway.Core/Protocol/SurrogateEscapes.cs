using System.Buffers.Text;

namespace OrleansRpc.Gateway.Protocol;

/// <summary>
/// Finds a <c>\u</c> escape of a lone surrogate: <c>\uD800</c>–<c>\uDBFF</c> not followed by an escaped
/// <c>\uDC00</c>–<c>\uDFFF</c>, or the latter on its own. JSON's grammar lets one through, but it is not
/// text: System.Text.Json throws when it unescapes one (a property name compared, a string bound), and no
/// UTF-8 can carry it. So a message holding one is refused like one that is not UTF-8, before anything reads it.
/// </summary>
internal static class SurrogateEscapes
{
    /// <summary>Whether <paramref name="json"/> holds one; a message without a backslash costs one vectorized search.</summary>
    public static bool ContainLone(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf((byte)'\\');
        while (at >= 0)
        {
            // The byte after a backslash is escaped, so "\\ud800" is a backslash and text, not an escape.
            var next = at + 2;
            if (TryReadUnit(json, at, out var unit))
            {
                next = at + 6;
                if (char.IsLowSurrogate(unit))
                {
                    return true;
                }

                if (char.IsHighSurrogate(unit))
                {
                    if (!TryReadUnit(json, next, out var low) || !char.IsLowSurrogate(low))
                    {
                        return true;
                    }

                    next += 6;
                }
            }

            if (next >= json.Length)
            {
                return false;
            }

            var rest = json[next..].IndexOf((byte)'\\');
            at = rest < 0 ? -1 : next + rest;
        }

        return false;
    }

    /// <summary>Reads the UTF-16 unit of a <c>\uXXXX</c> escape that starts at <paramref name="at"/>, if one does.</summary>
    private static bool TryReadUnit(ReadOnlySpan<byte> json, int at, out char unit)
    {
        unit = default;
        if (at + 6 > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u'
            || !Utf8Parser.TryParse(json.Slice(at + 2, 4), out ushort value, out var consumed, 'X') || consumed != 4)
        {
            return false;
        }

        unit = (char)value;
        return true;
    }
}
