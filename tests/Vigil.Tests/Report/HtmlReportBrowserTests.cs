using System.Globalization;
using Vigil.Sinks.Report;
using Vigil.Tests.Support;
using static Vigil.Tests.Report.ReportSamples;

namespace Vigil.Tests.Report;

/// <summary>
/// The HTML report in a real browser (Debian's headless Chromium): it loads without a console message and the chart
/// is drawn, checked on the screenshot's pixels. Skips without chromium, except on CI (CI set), where it fails.
/// </summary>
public sealed class HtmlReportBrowserTests
{
    [Fact]
    public async Task Report_loads_without_console_messages_and_draws_every_entity_line()
    {
        var browser = Chromium.Require();
        var typical = Typical();
        var hostile = HostileData();
        var data = typical with
        {
            // Hostile text rides along: were any of it to become markup, the page's policy would refuse it and say so on the console.
            RiskEvents = [.. typical.RiskEvents, .. hostile.RiskEvents.Select(r => r with { RiskScore = 60 })],
            Findings = [.. typical.Findings, .. hostile.Findings],
        };
        using var directory = new TempDirectory();
        var page = directory.Write("report.html", Render(data));
        var screenshot = Path.Combine(directory.Path, "report.png");

        var run = await Chromium.Load(browser, page, screenshot, Path.Combine(directory.Path, "profile"), TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(run.ConsoleLines.Count == 0, run.Describe());
        // The DOM as the browser parsed it: six lines in the chart, and no element made from the data.
        Assert.Equal(6, CountOf(run.Dom, "<g class=\"series "));
        Assert.DoesNotContain("<script", run.Dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", run.Dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;console.error", run.Dom, StringComparison.Ordinal);

        Assert.True(File.Exists(screenshot), "no screenshot: " + run.Describe());
        var png = Png.Read(screenshot);
        Assert.Equal((1280, 2000), (png.Width, png.Height));
        AssertNotBlank(png);

        // The plot area, found by its fill, is where the SVG puts it and drawn at its own size.
        var plot = BoundingBox(png, Hex(PageStyle.PlotBackground));
        Assert.InRange(plot.Right - plot.Left + 1, 636, 644);
        Assert.InRange(plot.Bottom - plot.Top + 1, 316, 324);

        // Every entity's line, in its colour, inside the plot (legend keys and table swatches lie outside it).
        for (var rank = 0; rank < 6; rank++)
        {
            var color = Hex(PageStyle.SeriesColors[rank]);
            var pixels = CountInside(png, plot, color);
            Assert.True(pixels >= 60, $"line {rank} ({PageStyle.SeriesColors[rank]}): {pixels} pixels in the plot at {plot}");
        }

        Assert.Equal(0, CountInside(png, plot, Hex(PageStyle.SeriesColors[6])));
    }

    [Fact]
    public async Task Console_watch_sees_what_the_page_policy_refuses()
    {
        // The check above passes on silence, so show that silence means something: the same page with one outside
        // image added gets it refused by the page's policy, and the refusal reaches the console lines we read.
        var browser = Chromium.Require();
        using var directory = new TempDirectory();
        var html = Render(Typical()).Replace("</body>", "<img src=\"http://127.0.0.1:9/beacon.png\" alt=\"\"/>\n</body>", StringComparison.Ordinal);
        var page = directory.Write("tampered.html", html);

        var run = await Chromium.Load(browser, page, Path.Combine(directory.Path, "tampered.png"), Path.Combine(directory.Path, "profile"), TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains(run.ConsoleLines, l => l.Contains("Content Security Policy", StringComparison.Ordinal) && l.Contains("beacon.png", StringComparison.Ordinal));
    }

    private static void AssertNotBlank(Png png)
    {
        var colors = new HashSet<int>();
        var nonWhite = 0;
        for (var y = 0; y < png.Height; y += 2)
        {
            for (var x = 0; x < png.Width; x += 2)
            {
                var rgb = png.Rgb(x, y);
                colors.Add(rgb);
                nonWhite += rgb == 0xFFFFFF ? 0 : 1;
            }
        }

        Assert.True(colors.Count > 20 && nonWhite > png.Width * png.Height / 4 / 50, $"screenshot looks blank: {colors.Count} colours, {nonWhite} non-white samples");
    }

    private static (int Left, int Top, int Right, int Bottom) BoundingBox(Png png, int color)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                if (png.Rgb(x, y) == color)
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        Assert.True(right >= 0, $"no pixel of the plot background #{color:x6}: the chart was not drawn");
        return (left, top, right, bottom);
    }

    /// <summary>Pixels within a small distance of a colour (colour management may move a channel by a step or two).</summary>
    private static int CountInside(Png png, (int Left, int Top, int Right, int Bottom) box, int color)
    {
        var count = 0;
        for (var y = box.Top; y <= box.Bottom; y++)
        {
            for (var x = box.Left; x <= box.Right; x++)
            {
                var rgb = png.Rgb(x, y);
                if (Math.Abs((rgb >> 16) - (color >> 16)) <= 3 && Math.Abs(((rgb >> 8) & 0xFF) - ((color >> 8) & 0xFF)) <= 3 && Math.Abs((rgb & 0xFF) - (color & 0xFF)) <= 3)
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static int Hex(string color) => int.Parse(color.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
