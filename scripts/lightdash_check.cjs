// Compiles the package's marts with Lightdash's own dbt compiler (@lightdash/common, installed
// by scripts/lightdash.sh) and validates the example charts and dashboard of bi/lightdash against
// Lightdash's chart- and dashboard-as-code JSON schemas. Prints one JSON document on stdout:
//   {manifest_version, models, model_errors, explore_errors, explores: {table: [field ids]},
//    file_errors: {file: [messages]}, charts: {file: {explore, fields}}}
// tests/test_lightdash.py reads it. No warehouse connection: each column's type is its declared
// data_type in the package's YAML (the contract enforced on DuckDB and PostgreSQL).
//
// usage: node scripts/lightdash_check.cjs <manifest.json> <bi/lightdash dir> <node_modules dir>
'use strict';
const fs = require('fs');
const path = require('path');

const [manifestPath, biDir, modulesDir] = process.argv.slice(2);
const common = require(path.join(modulesDir, '@lightdash', 'common'));
const Ajv = require(path.join(modulesDir, 'ajv')).default;
const addFormats = require(path.join(modulesDir, 'ajv-formats'));
const yaml = require(path.join(modulesDir, 'js-yaml'));
const schemaDir = path.join(modulesDir, '@lightdash', 'common', 'dist', 'cjs', 'schemas', 'json');

// The declared data_type of a column as Lightdash's dimension type.
function dimensionType(dataType) {
  const t = (dataType || '').toLowerCase();
  if (/^(timestamp|datetime|timestamptz)/.test(t)) return common.DimensionType.TIMESTAMP;
  if (t === 'date') return common.DimensionType.DATE;
  if (t === 'boolean' || t === 'bool') return common.DimensionType.BOOLEAN;
  if (/^(double|float|real|bigint|integer|int|numeric|decimal|smallint)/.test(t)) return common.DimensionType.NUMBER;
  return common.DimensionType.STRING;
}

// A SQL builder for the compiler: quoting and the aggregate of each metric type (PostgreSQL's
// spelling, which DuckDB shares). It is only used to write SQL text, never run here.
const builder = {
  getStartOfWeek: () => undefined,
  getAdapterType: () => common.SupportedDbtAdapter.POSTGRES,
  supportsCteMaterialization: () => true,
  getStringQuoteChar: () => "'",
  getEscapeStringQuoteChar: () => "'",
  getFieldQuoteChar: () => '"',
  getFloatingType: () => 'double precision',
  getNullSafeEqualSql: (l, r) => `${l} IS NOT DISTINCT FROM ${r}`,
  getNullSafeEqualJoinSql: (l, r) => `${l} IS NOT DISTINCT FROM ${r}`,
  getMetricSql: (sql, metric) => {
    const aggregate = {
      sum: 'SUM', average: 'AVG', count: 'COUNT', min: 'MIN', max: 'MAX', median: 'MEDIAN',
    }[metric.type];
    if (metric.type === 'count_distinct') return `COUNT(DISTINCT ${sql})`;
    if (metric.type === 'percentile') return `PERCENTILE_CONT(${(metric.percentile || 50) / 100}) WITHIN GROUP (ORDER BY ${sql})`;
    return aggregate ? `${aggregate}(${sql})` : sql;
  },
  concatString: (...args) => `(${args.join(' || ')})`,
  escapeString: (value) => value.replace(/'/g, "''"),
  castToTimestamp: (date) => `CAST('${date.toISOString()}' AS TIMESTAMP)`,
  castToDate: (date) => `CAST('${date.toISOString().slice(0, 10)}' AS DATE)`,
  castToNaiveTimestamp: (date) => `CAST('${date.toISOString()}' AS TIMESTAMP)`,
  getIntervalSql: (value, unit) => `INTERVAL '${value} ${unit}'`,
  getTimestampDiffSeconds: (a, b) => `EXTRACT(EPOCH FROM (${b} - ${a}))`,
  getMedianSql: (sql) => `PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ${sql})`,
  buildArray: (elements) => `ARRAY[${elements.join(', ')}]`,
  buildArrayAgg: (expression, orderBy) => `ARRAY_AGG(${expression}${orderBy ? ` ORDER BY ${orderBy}` : ''})`,
};

function validator(schemaFile) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(schemaDir, schemaFile), 'utf8')));
}

async function main() {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const version = common.getDbtManifestVersion(manifest);
  const models = Object.values(manifest.nodes).filter(
    (n) => n.resource_type === 'model' && n.package_name === 'model_monitor' && n.config.enabled !== false);
  const out = { manifest_version: version, models: models.map((m) => m.name).sort(), model_errors: {},
                explore_errors: {}, explores: {}, file_errors: {}, charts: {} };

  // 1. the package's Lightdash metadata against Lightdash's JSON schema of a compiled model
  const manifestValidator = new common.ManifestValidator(version);
  for (const model of models) {
    const [valid, error] = manifestValidator.isModelValid(model);
    if (!valid) out.model_errors[model.name] = error;
  }

  // 2. the marts compiled to explores, typed by their declared columns
  const catalog = {};
  for (const m of models) {
    const columns = {};
    for (const [name, column] of Object.entries(m.columns)) columns[name] = dimensionType(column.data_type);
    ((catalog[m.database] ??= {})[m.schema] ??= {})[m.alias || m.name] = columns;
  }
  const typed = common.attachTypesToModels(models, catalog, false, true);
  const explores = await common.convertExplores(typed, false, common.SupportedDbtAdapter.POSTGRES, builder,
                                                { spotlight: { default_visibility: 'show', categories: {} } });
  for (const explore of explores) {
    if (explore.errors && explore.errors.length) {
      out.explore_errors[explore.name] = explore.errors.map((e) => `${e.type}: ${e.message}`);
    } else {
      out.explores[explore.name] = common.getFields(explore).map((f) => common.getItemId(f)).sort();
    }
  }

  // 3. the example charts and dashboard against Lightdash's as-code schemas
  const checks = { charts: validator('chart-as-code-1.0.json'), dashboards: validator('dashboard-as-code-1.0.json') };
  for (const [folder, check] of Object.entries(checks)) {
    for (const file of fs.readdirSync(path.join(biDir, folder)).filter((f) => f.endsWith('.yml')).sort()) {
      const relative = `${folder}/${file}`;
      const doc = yaml.load(fs.readFileSync(path.join(biDir, folder, file), 'utf8'));
      if (!check(doc)) {
        out.file_errors[relative] = check.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);
      }
      if (folder === 'charts') {
        const q = doc.metricQuery || {};
        const sortFields = (q.sorts || []).map((s) => s.fieldId);
        out.charts[relative] = { explore: q.exploreName,
                                 fields: [...(q.dimensions || []), ...(q.metrics || []), ...sortFields] };
      }
    }
  }
  process.stdout.write(JSON.stringify(out, null, 1));
}

main().catch((error) => { console.error(error && error.stack || error); process.exit(2); });
