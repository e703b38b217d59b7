using System.Globalization;
using System.Text;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// One ARM template language expression, parsed: a string or number literal, a function call, a
/// property access (<c>x.name</c>) or an index (<c>x[i]</c>). Bicep compiles a value that is not a plain
/// literal (a conditional array, <c>concat</c> of arrays, a ternary) into one such expression, so the
/// tests parse it instead of matching text. <see cref="ToString"/> writes it back the way Bicep does,
/// without the outer brackets.
/// </summary>
internal abstract record ArmExpression
{
    /// <summary>Parses "[…]" (the brackets are required: anything else is a literal, not an expression).</summary>
    public static ArmExpression Parse(string text)
    {
        Assert.True(IsExpression(text), $"'{text}' is not an ARM expression");
        var parser = new Parser(text[1..^1]);
        var expression = parser.ParseExpression();
        parser.ExpectEnd();
        return expression;
    }

    public static bool IsExpression(string text) => text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal) && text.EndsWith(']');

    /// <summary>The expression as a template value, brackets included.</summary>
    public string ToTemplateString() => $"[{this}]";

    private sealed class Parser(string text)
    {
        private int position;

        public ArmExpression ParseExpression()
        {
            var expression = ParsePrimary();
            while (true)
            {
                SkipSpaces();
                if (TryTake('.'))
                {
                    expression = new ArmMember(expression, ReadIdentifier());
                }
                else if (TryTake('['))
                {
                    var index = ParseExpression();
                    Expect(']');
                    expression = new ArmIndex(expression, index);
                }
                else
                {
                    return expression;
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            Assert.True(position == text.Length, $"unexpected '{text[position..]}' at {position} in '{text}'");
        }

        private ArmExpression ParsePrimary()
        {
            SkipSpaces();
            Assert.True(position < text.Length, $"expression '{text}' ends early");
            var next = text[position];
            if (next == '\'')
            {
                return new ArmString(ReadString());
            }

            if (char.IsDigit(next) || next == '-')
            {
                var start = position++;
                while (position < text.Length && char.IsDigit(text[position]))
                {
                    position++;
                }

                return new ArmNumber(long.Parse(text[start..position], CultureInfo.InvariantCulture));
            }

            var name = ReadIdentifier();
            Expect('(');
            var arguments = new List<ArmExpression>();
            SkipSpaces();
            if (!TryTake(')'))
            {
                do
                {
                    arguments.Add(ParseExpression());
                    SkipSpaces();
                }
                while (TryTake(','));
                Expect(')');
            }

            return new ArmCall(name, arguments);
        }

        private string ReadString()
        {
            var value = new StringBuilder();
            position++;
            while (true)
            {
                Assert.True(position < text.Length, $"unterminated string in '{text}'");
                var character = text[position++];
                if (character != '\'')
                {
                    value.Append(character);
                }
                else if (position < text.Length && text[position] == '\'')
                {
                    value.Append('\'');
                    position++;
                }
                else
                {
                    return value.ToString();
                }
            }
        }

        private string ReadIdentifier()
        {
            SkipSpaces();
            var start = position;
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            Assert.True(position > start, $"expected a name at {start} in '{text}'");
            return text[start..position];
        }

        private void Expect(char expected)
        {
            SkipSpaces();
            Assert.True(TryTake(expected), $"expected '{expected}' at {position} in '{text}'");
        }

        private bool TryTake(char expected)
        {
            if (position < text.Length && text[position] == expected)
            {
                position++;
                return true;
            }

            return false;
        }

        private void SkipSpaces()
        {
            while (position < text.Length && text[position] == ' ')
            {
                position++;
            }
        }
    }
}

internal sealed record ArmString(string Value) : ArmExpression
{
    public override string ToString() => $"'{Value.Replace("'", "''", StringComparison.Ordinal)}'";
}

internal sealed record ArmNumber(long Value) : ArmExpression
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

internal sealed record ArmCall(string Function, IReadOnlyList<ArmExpression> Arguments) : ArmExpression
{
    public override string ToString() => $"{Function}({string.Join(", ", Arguments)})";

    /// <summary>True for a call of the named function (ARM function names are case-insensitive).</summary>
    public bool Is(string function) => string.Equals(Function, function, StringComparison.OrdinalIgnoreCase);
}

internal sealed record ArmMember(ArmExpression Target, string Name) : ArmExpression
{
    public override string ToString() => $"{Target}.{Name}";
}

internal sealed record ArmIndex(ArmExpression Target, ArmExpression Index) : ArmExpression
{
    public override string ToString() => $"{Target}[{Index}]";
}
