using System.Globalization;
using System.Text;
using Vigil.Content;
using Vigil.Evtx;
using Vigil.Spl.Definitions;

namespace Vigil.Fuzz;

/// <summary>
/// Seeds that need Vigil to make them (run.sh calls these at run time, from ../shared): XML events rendered from real
/// EVTX records, since the shared material holds no XML, and the searches of real ESCU detections.
/// </summary>
internal static class SeedWriter
{
    /// <summary>
    /// Writes, for each EVTX file, a few of its records' XML as Splunk's XmlWinEventLog (one event a line) and as a
    /// wevtutil export (one &lt;Events&gt; document).
    /// </summary>
    public static void XmlEvents(IEnumerable<string> evtxFiles, string outDirectory, int perFile)
    {
        Directory.CreateDirectory(outDirectory);
        foreach (var file in evtxFiles)
        {
            var records = EvtxFile.ReadRecords(file, new EvtxReaderOptions { Threads = 1 }, new EvtxFileSummary())
                .Take(perFile)
                .Select(r => r.Xml)
                .ToList();
            if (records.Count == 0)
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(file);
            File.WriteAllText(Path.Combine(outDirectory, name + ".xmlwineventlog.log"), string.Join('\n', records) + "\n");
            File.WriteAllText(Path.Combine(outDirectory, name + ".wevtutil.xml"), "<Events>\n" + string.Join('\n', records) + "\n</Events>\n");
        }
    }

    /// <summary>Writes the search of every <paramref name="every"/>-th detection below an ESCU directory, one file each.</summary>
    public static void Searches(string escuDirectory, string outDirectory, int every)
    {
        Directory.CreateDirectory(outDirectory);
        var library = new ContentLibrary(new SplDefinitions());
        library.AddDirectory(escuDirectory);
        var detections = library.Detections;
        for (var i = 0; i < detections.Count; i += every)
        {
            var file = Path.Combine(outDirectory, i.ToString("D4", CultureInfo.InvariantCulture) + ".spl");
            File.WriteAllText(file, detections[i].Search, Encoding.UTF8);
        }
    }
}
