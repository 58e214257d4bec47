{#- model_monitor.schema_matches: every expected column exists in the tested model with the same
    type family (gate_type_family; type_match: exact compares the full type). Expected columns come
    from a `reference` relation, a `columns` list or {name: type} mapping, or a `monitor`'s declared
    features (numeric features must be numbers). One row per missing or changed column; extra
    columns pass. -#}
{% test schema_matches(model, reference=none, columns=none, monitor=none, type_match='family') %}
  {%- set test_name = 'schema_matches' -%}
  {%- do model_monitor.gate_choice(test_name, 'type_match', type_match, ['family', 'exact'], 'type_match') -%}
  {%- set sources = [reference, columns, monitor] | reject('none') | list -%}
  {%- if sources | length != 1 -%}
    {{ model_monitor.gate_error(test_name, 'reference', "give exactly one of reference, columns or monitor") }}
  {%- endif -%}
  {%- if columns is not none and (columns is string or columns is not iterable) -%}
    {{ model_monitor.gate_error(test_name, 'columns', "expected a list of column names or a {name: type} mapping, got " ~ columns | string) }}
  {%- endif -%}
  {%- set expected = [] -%}
  {%- set problems = [] -%}
  {%- if execute -%}
    {%- if reference is not none -%}
      {%- if reference.identifier is not defined -%}
        {{ model_monitor.gate_error(test_name, 'reference', "expected a relation written ref('...') or source('...', '...'), got " ~ reference | string) }}
      {%- endif -%}
      {%- set reference_columns = model_monitor.gate_columns(reference) -%}
      {%- if reference_columns | length == 0 -%}
        {{ model_monitor.gate_error(test_name, 'reference', "reference " ~ reference ~ " does not exist or has no columns") }}
      {%- endif -%}
      {%- for c in reference_columns -%}{%- do expected.append((c.name, c.data_type)) -%}{%- endfor -%}
    {%- elif monitor is not none -%}
      {%- set normalized = model_monitor.gate_monitor(test_name, monitor) -%}
      {#- class scores read from an array: the array column, of an engine-specific type -#}
      {%- if normalized['score_array_column'] -%}
        {%- do expected.append((normalized['score_array_column'], none)) -%}
      {%- endif -%}
      {%- for f in normalized['features'] if f['column'] is not none -%}
        {%- do expected.append((f['column'], 'number' if f['type'] == 'numeric' else none)) -%}
      {%- endfor -%}
    {%- elif columns is mapping -%}
      {%- for name, data_type in columns.items() -%}{%- do expected.append((name, data_type)) -%}{%- endfor -%}
    {%- else -%}
      {%- for name in columns -%}{%- do expected.append((name, none)) -%}{%- endfor -%}
    {%- endif -%}
    {%- set actual = model_monitor.gate_columns(model) -%}
    {%- for name, data_type in expected -%}
      {%- set match = namespace(column=none) -%}
      {%- for c in actual if c.name == name -%}{%- set match.column = c -%}{%- endfor -%}
      {%- if match.column is none -%}
        {%- for c in actual if c.name | lower == name | lower -%}{%- set match.column = c -%}{%- endfor -%}
      {%- endif -%}
      {%- if match.column is none -%}
        {%- do problems.append((name, data_type, none, "column '" ~ name ~ "' is missing")) -%}
      {%- elif data_type is not none -%}
        {%- set want = (data_type | lower | trim) if type_match == 'exact' else model_monitor.gate_type_family(data_type) -%}
        {%- set got = (match.column.data_type | lower | trim) if type_match == 'exact' else model_monitor.gate_type_family(match.column.data_type) -%}
        {%- if want != got -%}
          {%- do problems.append((name, data_type, match.column.data_type, "column '" ~ name ~ "' changed type from " ~ data_type ~ " to " ~ match.column.data_type)) -%}
        {%- endif -%}
      {%- endif -%}
    {%- endfor -%}
    {%- for p in problems -%}
      {{ log("model_monitor.schema_matches on " ~ model ~ ": " ~ p[3], info=true) }}
    {%- endfor -%}
  {%- endif -%}
  {%- set text = dbt.type_string() -%}
{%- if problems | length == 0 %}
select cast(null as {{ text }}) as column_name, cast(null as {{ text }}) as expected_type,
       cast(null as {{ text }}) as actual_type, cast(null as {{ text }}) as problem
where 1 = 0
{%- else %}
{%- for name, want, got, message in problems %}
select {{ model_monitor.string_literal(name) }} as column_name,
       {% if want is none %}cast(null as {{ text }}){% else %}{{ model_monitor.string_literal(want) }}{% endif %} as expected_type,
       {% if got is none %}cast(null as {{ text }}){% else %}{{ model_monitor.string_literal(got) }}{% endif %} as actual_type,
       {{ model_monitor.string_literal(message) }} as problem
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endif %}
{% endtest %}
