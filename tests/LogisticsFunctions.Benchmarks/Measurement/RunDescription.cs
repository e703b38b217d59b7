using System.Globalization;
using System.Runtime.InteropServices;

namespace LogisticsFunctions.Benchmarks.Measurement;

/// <summary>Formatting shared by the commands' reports, and the machine line every report starts with.</summary>
public static class RunDescription
{
    public static string Machine => string.Create(
        CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");

    public static string Ms(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static string MiB(long kibibytes) => (kibibytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Progress for the person running the tool, on stderr so stdout stays a clean report.</summary>
    public static void Progress(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {message}"));

    // Other work on the machine changes every figure: the report says how busy it was.
    private static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
