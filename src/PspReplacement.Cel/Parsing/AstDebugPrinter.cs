using System.Text;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Parsing;

/// <summary>
/// cel-go's debug.ToDebugString: the AST as indented text, each node followed by what an adorner says about it.
/// <see cref="KindAdorner"/> is the adorner of the cel-spec conformance data ("^#*expr.Expr_CallExpr#").
/// </summary>
public static class AstDebugPrinter
{
    public static string ToDebugString(Expr e, Func<object, string>? adorner = null)
    {
        var w = new Writer(adorner ?? (_ => ""));
        w.Visit(e);
        return w.ToString();
    }

    /// <summary>Names each node by its protobuf kind, as the conformance data's "ast" strings do.</summary>
    public static string KindAdorner(object node) => node switch
    {
        ConstantExpr c => "^#*expr.Constant_" + c.Value switch
        {
            bool => "BoolValue", long => "Int64Value", ulong => "Uint64Value", double => "DoubleValue",
            string => "StringValue", CelBytes => "BytesValue", _ => "NullValue",
        } + "#",
        IdentExpr => "^#*expr.Expr_IdentExpr#",
        SelectExpr => "^#*expr.Expr_SelectExpr#",
        CallExpr => "^#*expr.Expr_CallExpr#",
        ListExpr => "^#*expr.Expr_ListExpr#",
        MapExpr or StructExpr => "^#*expr.Expr_StructExpr#",
        ComprehensionExpr => "^#*expr.Expr_ComprehensionExpr#",
        MapEntry or StructField => "^#*expr.Expr_CreateStruct_Entry#",
        _ => "",
    };

    public static string FormatLiteral(object value) => value switch
    {
        bool b => b ? "true" : "false",
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ulong u => u.ToString(System.Globalization.CultureInfo.InvariantCulture) + "u",
        double d => GoFormat.Double(d),
        string s => GoFormat.Quote(s),
        CelBytes b => "b" + GoFormat.QuoteBytes(b.Data.Span),
        _ => "null",
    };

    private sealed class Writer(Func<object, string> adorner) : AstVisitor
    {
        private readonly StringBuilder _sb = new();
        private int _indent;
        private bool _lineStart = true;

        public override string ToString() => _sb.ToString();

        private void Append(string s)
        {
            if (_lineStart)
            {
                _lineStart = false;
                _sb.Append(' ', _indent * 2);
            }
            _sb.Append(s);
        }

        private void Line()
        {
            _sb.Append('\n');
            _lineStart = true;
        }

        public override void Visit(Expr e)
        {
            base.Visit(e);
            Append(adorner(e));
        }

        protected override void VisitConstant(ConstantExpr e) => Append(FormatLiteral(e.Value));

        protected override void VisitIdent(IdentExpr e) => Append(e.Name);

        protected override void VisitSelect(SelectExpr e)
        {
            Visit(e.Operand);
            Append(".");
            Append(e.Field);
            if (e.TestOnly) Append("~test-only~");
        }

        protected override void VisitCall(CallExpr e)
        {
            if (e.Target is not null) { Visit(e.Target); Append("."); }
            Append(e.Function);
            Append("(");
            if (e.Args.Count > 0)
            {
                _indent++;
                Line();
                for (var k = 0; k < e.Args.Count; k++)
                {
                    if (k > 0) { Append(","); Line(); }
                    Visit(e.Args[k]);
                }
                _indent--;
                Line();
            }
            Append(")");
        }

        protected override void VisitList(ListExpr e) =>
            Items("[", "]", e.Elements.Count, k =>
            {
                if (e.OptionalIndices.Contains(k)) Append("?");
                Visit(e.Elements[k]);
            });

        protected override void VisitMap(MapExpr e) =>
            Items("{", "}", e.Entries.Count, k =>
            {
                var entry = e.Entries[k];
                Entry(entry, entry.Optional, () => Visit(entry.Key), entry.Value);
            });

        protected override void VisitStruct(StructExpr e)
        {
            Append(e.TypeName);
            Items("{", "}", e.Fields.Count, k =>
            {
                var field = e.Fields[k];
                Entry(field, field.Optional, () => Append(field.Name), field.Value);
            });
        }

        /// <summary>A map entry or message field: [?]key:value, adorned as an entry.</summary>
        private void Entry(object entry, bool optional, Action key, Expr value)
        {
            if (optional) Append("?");
            key();
            Append(":");
            Visit(value);
            Append(adorner(entry));
        }

        /// <summary>cel-go's layout of list, map and message items: one a line, indented, between the brackets.</summary>
        private void Items(string open, string close, int count, Action<int> item)
        {
            Append(open);
            if (count > 0)
            {
                Line();
                _indent++;
                for (var k = 0; k < count; k++)
                {
                    if (k > 0) { Append(","); Line(); }
                    item(k);
                }
                _indent--;
                Line();
            }
            Append(close);
        }

        protected override void VisitComprehension(ComprehensionExpr e)
        {
            Append("__comprehension__(");
            _indent++;
            Line();
            Part("Variable", () => Append(e.IterVar));
            if (e.IterVar2 is not null) Part("Variable2", () => Append(e.IterVar2));
            Part("Target", () => Visit(e.IterRange));
            Part("Accumulator", () => Append(e.AccuVar));
            Part("Init", () => Visit(e.AccuInit));
            Part("LoopCondition", () => Visit(e.LoopCondition));
            Part("LoopStep", () => Visit(e.LoopStep));
            Part("Result", () => Visit(e.Result), last: true);
            Append(")");
            _indent--;
        }

        /// <summary>One part of a comprehension: a "// Label" line, the part, and a comma unless it is the last.</summary>
        private void Part(string label, Action write, bool last = false)
        {
            Append("// " + label);
            Line();
            write();
            if (last) return;
            Append(",");
            Line();
        }
    }
}
