using System.Text;

namespace Vigil.Knowledge.Fields;

/// <summary>Splits a props.conf value into words: white space and commas separate, double quotes group.</summary>
internal static class SettingText
{
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
                continue;
            }

            if (!quoted && (char.IsWhiteSpace(c) || c == ','))
            {
                if (any)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    any = false;
                }

                continue;
            }

            current.Append(c);
            any = true;
        }

        if (any)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
