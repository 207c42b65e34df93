using Vigil.Spl.Values;

namespace Vigil.Knowledge.Fields;

/// <summary>
/// How an extraction (EXTRACT-, REPORT-) adds a value, as transforms.conf says: an empty value makes no field unless
/// KEEP_EMPTY_VALS; a field that exists keeps its value unless MV_ADD, which appends. A field Vigil read from the
/// event's XML (present before the extraction phase began) is never replaced or duplicated: the XML reader already
/// did what the add-ons' XML extractions do (docs/knowledge.md).
/// </summary>
internal readonly struct ExtractedValues(Row row, int fieldsBefore)
{
    public void Add(string name, string value, bool mvAdd, bool keepEmpty)
    {
        if (name.Length == 0 || (value.Length == 0 && !keepEmpty))
        {
            return;
        }

        var index = row.IndexOf(name);
        if (index < 0)
        {
            row[name] = Value.FromString(value);
            return;
        }

        if (index < fieldsBefore || !mvAdd)
        {
            return;
        }

        row[name] = Value.FromMany([.. row[name].Values, value]);
    }
}
