using System.Globalization;

namespace LogisticsFunctions.Benchmarks.CommandLine;

/// <summary>
/// <c>--name value</c> pairs; a name may repeat. Every option a command does not take is refused by name when the
/// command calls <see cref="EnsureAllUsed"/>, so a misspelt option never silently keeps a default.
/// </summary>
public sealed class CommandLineArguments
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public CommandLineArguments(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        for (var i = 0; i < arguments.Count; i += 2)
        {
            var name = arguments[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length == 2)
            {
                throw new UsageException($"Expected an option such as --worker, found '{name}'.");
            }

            if (i + 1 >= arguments.Count)
            {
                throw new UsageException($"Option {name} needs a value.");
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(arguments[i + 1]);
        }
    }

    /// <summary>Every value given for <paramref name="name"/>, in order; empty when it was not given.</summary>
    public IReadOnlyList<string> All(string name)
    {
        used.Add(name);
        return values.TryGetValue(name, out var list) ? list : [];
    }

    /// <summary>The one value of <paramref name="name"/>, or null when it was not given.</summary>
    public string? Value(string name)
    {
        var all = All(name);
        return all.Count switch
        {
            0 => null,
            1 => all[0],
            _ => throw new UsageException($"Option {name} was given {all.Count} times; it takes one value."),
        };
    }

    public int WholeNumber(string name, int defaultValue, int min, int max)
    {
        var text = Value(name);
        if (text is null)
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"Option {name} must be a whole number from {min} to {max}, not '{text}'.");
    }

    /// <summary>A comma-separated list of whole numbers, each from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public IReadOnlyList<int> WholeNumbers(string name, IReadOnlyList<int> defaultValue, int min, int max)
    {
        var text = Value(name);
        if (text is null)
        {
            return defaultValue;
        }

        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                throw new UsageException($"Option {name} must be a comma-separated list of whole numbers from {min} to {max}, not '{text}'.");
            }

            list.Add(value);
        }

        return list;
    }

    /// <summary>A published worker folder: it must hold worker.config.json.</summary>
    public static string WorkerDirectory(string given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var directory = Path.GetFullPath(given);
        return File.Exists(Path.Combine(directory, "worker.config.json"))
            ? directory
            : throw new UsageException(
                $"'{given}' holds no worker.config.json: publish the worker first, e.g. "
                + "dotnet publish src/LogisticsFunctions/LogisticsFunctions.csproj -c Release -o artifacts/worker");
    }

    /// <summary>Refuses any option the command did not read.</summary>
    public void EnsureAllUsed()
    {
        var unknown = values.Keys.Where(name => !used.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s) for this command: {string.Join(", ", unknown)}.");
        }
    }
}
