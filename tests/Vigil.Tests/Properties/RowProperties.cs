using CsCheck;
using Vigil.Spl.Values;

namespace Vigil.Tests.Properties;

/// <summary>
/// <see cref="Row"/> is its own hash table; after any sequence of sets, adds (<see cref="Row.TryAdd"/>), removals,
/// renames, copies and clones it must hold what an ordered dictionary of the same operations holds, in the same order,
/// whether names are looked up by string or by <see cref="FieldKey"/>. A copy made into a used row
/// (<see cref="Row.ReplaceWith"/>) holds what a new copy holds.
/// </summary>
public sealed class RowProperties
{
    // Few names, so operations meet the same fields; some differ only in case or length, and many share a row's
    // small bucket array, so chains hold several fields.
    private static readonly string[] NamePool =
        ["a", "A", "b", "ab", "ba", "EventCode", "eventcode", "EventID", "Processes.process_name", "Processes.process_path", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "", "é"];

    private static readonly Gen<string> Name = Gen.Int[0, NamePool.Length - 1].Select(i => NamePool[i]);

    private static readonly Gen<Op> Operation = Gen.Frequency(
        (6, Gen.Select(Name, Gen.Int[0, 9], Gen.Bool).Select(t => new Op("set", t.Item1, null, t.Item2, t.Item3))),
        (1, Name.Select(n => new Op("null", n, null, 0, false))),
        (2, Gen.Select(Name, Gen.Int[0, 9]).Select(t => new Op("tryadd", t.Item1, null, t.Item2, false))),
        (1, Name.Select(n => new Op("remove", n, null, 0, false))),
        (1, Gen.Select(Name, Name).Select(t => new Op("rename", t.Item1, t.Item2, 0, false))),
        (1, Name.List[0, 6].Select(names => new Op("copy", string.Join('|', names), null, 0, false))),
        (1, Name.List[0, 6].Select(names => new Op("replace", string.Join('|', names), null, 0, false))),
        (1, Gen.Const(new Op("clone", string.Empty, null, 0, false))));

    [Fact]
    public void A_row_holds_what_an_ordered_dictionary_holds_after_the_same_operations()
    {
        Gen.Select(Gen.Int[0, 70], Operation.List[0, 60]).Sample((capacity, ops) =>
        {
            var row = new Row(capacity);
            var spare = new Row(capacity);
            var model = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var op in ops)
            {
                Apply(op, ref row, ref spare, ref model);
                Assert.Equal(model.Select(p => (p.Key, p.Value)), row.Fields.Select(p => (p.Key, p.Value.ToString())));
                Assert.Equal(model.Count, row.Count);
                foreach (var name in NamePool)
                {
                    var expected = model.TryGetValue(name, out var value) ? value : null;
                    Assert.Equal(expected, row[name].IsNull ? null : row[name].ToString());
                    Assert.Equal(expected, row[new FieldKey(name)].IsNull ? null : row[new FieldKey(name)].ToString());
                    Assert.Equal(model.IndexOf(name), row.IndexOf(name));
                    Assert.Equal(expected is not null, row.Has(new FieldKey(name)));
                }
            }
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void Enumerating_a_row_that_gains_or_loses_a_field_fails_and_a_new_value_does_not()
    {
        var row = new Row();
        row["a"] = Value.FromString("1");
        row["b"] = Value.FromString("2");
        foreach (var (name, _) in row.Fields)
        {
            row[name] = Value.FromString("changed");
        }

        Assert.Equal(["changed", "changed"], row.Fields.Select(f => f.Value.ToString()));
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var name in row.Names)
            {
                row[name + "+"] = Value.FromString("new");
            }
        });

        // Removing the last field returned is a change too, though no field is left to return after it.
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var (name, _) in row.Fields)
            {
                if (name == row.Names.Last())
                {
                    row.Remove(name);
                }
            }
        });
    }

    [Fact]
    public void A_key_with_no_name_is_refused()
    {
        var row = new Row();
        Assert.Throws<ArgumentNullException>(() => row[default(FieldKey)] = Value.FromString("x"));
        Assert.Throws<ArgumentNullException>(() => new FieldKey(null!));
        Assert.Equal(0, row.Count);
    }

    private static void Apply(Op op, ref Row row, ref Row spare, ref OrderedDictionary<string, string> model)
    {
        switch (op.Kind)
        {
            case "set":
                var text = "v" + op.Number;
                if (op.ByKey)
                {
                    row[new FieldKey(op.Name)] = Value.FromString(text);
                }
                else
                {
                    row[op.Name] = Value.FromString(text);
                }

                model[op.Name] = text;
                break;
            case "tryadd":
                // Sets the field only when the row lacks it, and says whether it did.
                var added = "a" + op.Number;
                Assert.Equal(!model.ContainsKey(op.Name), row.TryAdd(op.Name, Value.FromString(added)));
                model.TryAdd(op.Name, added);
                break;
            case "null":
                row[op.Name] = Value.Null;
                model.Remove(op.Name);
                break;
            case "remove":
                row.Remove(op.Name);
                model.Remove(op.Name);
                break;
            case "rename":
                row.Rename(op.Name, op.To!);
                var from = model.IndexOf(op.Name);
                if (op.Name != op.To && from >= 0)
                {
                    var value = model.GetAt(from).Value;
                    model.Remove(op.To!);
                    from = model.IndexOf(op.Name);
                    model.RemoveAt(from);
                    model.Insert(from, op.To!, value);
                }

                break;
            case "copy" or "replace":
                var asked = op.Name.Split('|', StringSplitOptions.None).Where(n => op.Name.Length > 0).ToList();
                var names = asked.Distinct().ToList();
                if (op.Kind == "copy")
                {
                    row = row.CopyOf([.. names.Select(n => new FieldKey(n))]);
                }
                else
                {
                    // Into the spare row, which still holds an earlier row's fields; the old row is the next spare.
                    spare.ReplaceWith(row, [.. asked.Select(n => new FieldKey(n))]);
                    (row, spare) = (spare, row);
                }

                var copy = new OrderedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var name in names.Where(model.ContainsKey))
                {
                    copy[name] = model[name];
                }

                model = copy;
                break;
            case "clone":
                row = row.Clone();
                break;
        }
    }

    private sealed record Op(string Kind, string Name, string? To, int Number, bool ByKey);
}
