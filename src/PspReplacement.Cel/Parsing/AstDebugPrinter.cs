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

    private sealed class Writer(Func<object, string> adorner)
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

        public void Visit(Expr e)
        {
            switch (e)
            {
                case ConstantExpr c: Append(FormatLiteral(c.Value)); break;
                case IdentExpr i: Append(i.Name); break;
                case SelectExpr s:
                    Visit(s.Operand);
                    Append(".");
                    Append(s.Field);
                    if (s.TestOnly) Append("~test-only~");
                    break;
                case CallExpr call:
                    if (call.Target is not null) { Visit(call.Target); Append("."); }
                    Append(call.Function);
                    Append("(");
                    if (call.Args.Count > 0)
                    {
                        _indent++;
                        Line();
                        for (var k = 0; k < call.Args.Count; k++)
                        {
                            if (k > 0) { Append(","); Line(); }
                            Visit(call.Args[k]);
                        }
                        _indent--;
                        Line();
                    }
                    Append(")");
                    break;
                case ListExpr list:
                    Append("[");
                    if (list.Elements.Count > 0)
                    {
                        Line();
                        _indent++;
                        for (var k = 0; k < list.Elements.Count; k++)
                        {
                            if (k > 0) { Append(","); Line(); }
                            if (list.OptionalIndices.Contains(k)) Append("?");
                            Visit(list.Elements[k]);
                        }
                        _indent--;
                        Line();
                    }
                    Append("]");
                    break;
                case MapExpr map:
                    Append("{");
                    if (map.Entries.Count > 0)
                    {
                        Line();
                        _indent++;
                        for (var k = 0; k < map.Entries.Count; k++)
                        {
                            if (k > 0) { Append(","); Line(); }
                            var entry = map.Entries[k];
                            if (entry.Optional) Append("?");
                            Visit(entry.Key);
                            Append(":");
                            Visit(entry.Value);
                            Append(adorner(entry));
                        }
                        _indent--;
                        Line();
                    }
                    Append("}");
                    break;
                case StructExpr obj:
                    Append(obj.TypeName);
                    Append("{");
                    if (obj.Fields.Count > 0)
                    {
                        Line();
                        _indent++;
                        for (var k = 0; k < obj.Fields.Count; k++)
                        {
                            if (k > 0) { Append(","); Line(); }
                            var field = obj.Fields[k];
                            if (field.Optional) Append("?");
                            Append(field.Name);
                            Append(":");
                            Visit(field.Value);
                            Append(adorner(field));
                        }
                        _indent--;
                        Line();
                    }
                    Append("}");
                    break;
                case ComprehensionExpr c:
                    Append("__comprehension__(");
                    _indent++;
                    Line();
                    Append("// Variable"); Line();
                    Append(c.IterVar); Append(","); Line();
                    if (c.IterVar2 is not null)
                    {
                        Append("// Variable2"); Line();
                        Append(c.IterVar2); Append(","); Line();
                    }
                    Append("// Target"); Line();
                    Visit(c.IterRange); Append(","); Line();
                    Append("// Accumulator"); Line();
                    Append(c.AccuVar); Append(","); Line();
                    Append("// Init"); Line();
                    Visit(c.AccuInit); Append(","); Line();
                    Append("// LoopCondition"); Line();
                    Visit(c.LoopCondition); Append(","); Line();
                    Append("// LoopStep"); Line();
                    Visit(c.LoopStep); Append(","); Line();
                    Append("// Result"); Line();
                    Visit(c.Result);
                    Append(")");
                    _indent--;
                    break;
            }
            Append(adorner(e));
        }
    }
}
