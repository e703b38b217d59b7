// Parses and binds KQL queries with Microsoft's Kusto language service (npm @kusto/language-service-next)
// against a Log Analytics schema, and reports what each query reads.
//
// Input (stdin, JSON):  { "schema": "<path of a schema file like log-analytics-schema.json>",
//                         "queries": [ { "id": "…", "text": "<KQL>" } ] }
// Output (stdout, JSON): { "results": [ { "id", "diagnostics": [ { severity, code, message, start, length } ],
//                          "tables": [names of the schema's tables the query reads],
//                          "metrics": [AppMetrics names the query filters on: Name == '…' or Name in (…)],
//                          "metricDimensions": [keys the query reads from AppMetrics' Properties],
//                          "readsMetricsWithoutName": true when it reads AppMetrics without naming a metric,
//                          "columns": [ { name, type } of the query's result ] } ] }
// Exit code 0 when the run worked (whatever the diagnostics say); 2 on bad input. The tests decide.
// The metric names and dimension keys come from the bound syntax tree, not from the text: a name counts
// only where it is compared with AppMetrics' own Name column, so a later check can hold every query to
// the metrics the worker emits.
'use strict';

const fs = require('fs');
const path = require('path');

const packageDirectory = path.join(__dirname, 'node_modules', '@kusto', 'language-service-next');
// A Bridge.NET build: the runtime first, then the library; both define globals.
require(path.join(packageDirectory, 'bridge.min.js'));
require(path.join(packageDirectory, 'Kusto.Language.Bridge.min.js'));
const Kusto = global.Kusto.Language;
const Syntax = Kusto.Syntax;
const Symbols = Kusto.Symbols;

function fail(message) {
  process.stderr.write(`check.js: ${message}\n`);
  process.exit(2);
}

function readRequest() {
  let request;
  try {
    request = JSON.parse(fs.readFileSync(0, 'utf8'));
  } catch (error) {
    fail(`stdin is not JSON: ${error.message}`);
  }
  if (typeof request.schema !== 'string' || !Array.isArray(request.queries)) {
    fail('expected { "schema": "<path>", "queries": [ { "id", "text" } ] } on stdin');
  }
  return request;
}

function loadSchema(file) {
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  const tables = Object.entries(schema.tables).map(
    ([name, table]) => new Symbols.TableSymbol.$ctor7(name, table.columns, null));
  const database = new Symbols.DatabaseSymbol.ctor(schema.database, tables);
  return { globals: Kusto.GlobalState.Default.WithDatabase(database), tables };
}

function list(items) {
  const result = [];
  for (let i = 0; i < items.Count; i++) {
    result.push(items.getItem(i));
  }
  return result;
}

// The string a literal expression holds, or null for anything else.
function stringLiteral(expression) {
  return Bridge.is(expression, Syntax.LiteralExpression) && typeof expression.LiteralValue === 'string'
    ? expression.LiteralValue
    : null;
}

function refersTo(expression, symbol) {
  return symbol !== null && Bridge.is(expression, Syntax.NameReference) && expression.ReferencedSymbol === symbol;
}

function resultColumns(code) {
  const result = code.ResultType;
  return Bridge.is(result, Symbols.TableSymbol)
    ? list(result.Columns).map(column => ({ name: column.Name, type: column.Type.Name }))
    : [];
}

function analyse(query, schema) {
  const code = Kusto.KustoCode.ParseAndAnalyze(query.text, schema.globals);
  const diagnostics = list(code.GetDiagnostics()).map(diagnostic => ({
    severity: diagnostic.Severity,
    code: diagnostic.Code,
    message: diagnostic.Message,
    start: diagnostic.Start,
    length: diagnostic.Length,
  }));

  const metricsTable = schema.tables.find(table => table.Name === 'AppMetrics') || null;
  const metricName = metricsTable && metricsTable.GetColumn('Name');
  const metricProperties = metricsTable && metricsTable.GetColumn('Properties');
  const tables = new Set();
  const metrics = new Set();
  const dimensions = new Set();

  code.Syntax.WalkNodes(node => {
    if (Bridge.is(node, Syntax.NameReference) && schema.tables.includes(node.ReferencedSymbol)) {
      tables.add(node.ReferencedSymbol.Name);
    } else if (Bridge.is(node, Syntax.BinaryExpression) && node.Kind === Syntax.SyntaxKind.EqualExpression) {
      for (const [column, other] of [[node.Left, node.Right], [node.Right, node.Left]]) {
        const name = stringLiteral(other);
        if (name !== null && refersTo(column, metricName)) {
          metrics.add(name);
        }
      }
    } else if (Bridge.is(node, Syntax.InExpression) && refersTo(node.Left, metricName)) {
      for (const element of list(node.Right.Expressions)) {
        const name = stringLiteral(element.Element);
        if (name !== null) {
          metrics.add(name);
        }
      }
    } else if (Bridge.is(node, Syntax.PathExpression) && refersTo(node.Expression, metricProperties)) {
      dimensions.add(node.Selector.SimpleName);
    } else if (Bridge.is(node, Syntax.ElementExpression) && refersTo(node.Expression, metricProperties)) {
      const key = stringLiteral(node.Selector.Expression);
      if (key !== null) {
        dimensions.add(key);
      }
    }
  });

  return {
    id: query.id,
    diagnostics,
    tables: [...tables].sort(),
    metrics: [...metrics].sort(),
    metricDimensions: [...dimensions].sort(),
    readsMetricsWithoutName: tables.has('AppMetrics') && metrics.size === 0,
    columns: resultColumns(code),
  };
}

const request = readRequest();
const schema = loadSchema(path.resolve(request.schema));
const results = request.queries.map(query => analyse(query, schema));
process.stdout.write(JSON.stringify({ results }, null, 2) + '\n');
