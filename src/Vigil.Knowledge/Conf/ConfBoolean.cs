namespace Vigil.Knowledge.Conf;

/// <summary>Reads .conf Boolean values as Splunk does: 1/0, true/false, t/f, yes/no, on/off, in any case.</summary>
public static class ConfBoolean
{
    public static bool TryParse(string value, out bool result)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "1" or "true" or "t" or "yes" or "y" or "on":
                result = true;
                return true;
            case "0" or "false" or "f" or "no" or "n" or "off":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    /// <summary>The setting's value, or the default when it is absent; a value that is no Boolean is reported.</summary>
    public static bool Read(ConfStanza stanza, string key, bool defaultValue, Action<KnowledgeProblem> report)
    {
        if (stanza[key] is not { } setting)
        {
            return defaultValue;
        }

        if (TryParse(setting.Value, out var value))
        {
            return value;
        }

        report(new KnowledgeProblem(setting.Origin, setting.Line, $"{key} must be true or false, not '{setting.Value}'"));
        return defaultValue;
    }
}
