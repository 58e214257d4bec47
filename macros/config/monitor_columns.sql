{#- Check at run time that every column a monitor names exists in its relations, and return
    {config name: actual column name} plus whether the timestamp column has a time zone.
    Names match exactly, else case-insensitively (PostgreSQL folds unquoted names to lower case). -#}
{% macro monitor_columns(monitor) %}
  {%- if not execute -%}
    {{ return({'names': {}, 'reference_names': {}, 'outcome_names': {}, 'types': {}, 'outcome_types': {},
               'timestamp_has_time_zone': false}) }}
  {%- endif -%}
  {%- set wanted = [('id_column', monitor['id_column']), ('timestamp_column', monitor['timestamp_column'])] -%}
  {%- if monitor['score_column'] -%}{%- do wanted.append(('score_column', monitor['score_column'])) -%}{%- endif -%}
  {%- if monitor['score_array_column'] -%}
    {%- do wanted.append(('score_array_column', monitor['score_array_column'])) -%}
  {%- else -%}
    {%- for class in monitor['classes'] or [] -%}
      {%- do wanted.append(('classes[' ~ class['index'] ~ '].score_column', class['score_column'])) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- for key in ['model_version_column', 'prediction_column'] + model_monitor.operational_column_keys() if monitor[key] -%}
    {%- do wanted.append((key, monitor[key])) -%}
  {%- endfor -%}
  {%- for feature in monitor['features'] if not feature.get('derived') -%}
    {%- do wanted.append(('features.' ~ feature['type'], feature['name'])) -%}
  {%- endfor -%}
  {%- for segment in monitor['segments'] -%}
    {%- do wanted.append(('segments', segment)) -%}
  {%- endfor -%}
  {%- set found = model_monitor.find_columns(monitor['relation'], wanted, monitor['name'], 'predictions') -%}
  {%- if monitor['reference']['kind'] == 'relation' -%}
    {%- set feature_keys = [] -%}
    {%- for feature in monitor['features'] -%}
      {%- do feature_keys.append(('features.' ~ feature['type'], feature['name'])) -%}
    {%- endfor -%}
    {%- set reference_found = model_monitor.find_columns(monitor['reference']['relation'], feature_keys, monitor['name'], 'reference.relation') -%}
    {%- do found.update({'reference_names': reference_found['names']}) -%}
  {%- endif -%}
  {%- if monitor['outcomes'] is not none -%}
    {%- set outcomes = monitor['outcomes'] -%}
    {%- set outcome_keys = [('outcomes.id_column', outcomes['id_column']), ('outcomes.label_column', outcomes['label_column'])] -%}
    {%- if outcomes['timestamp_column'] -%}
      {%- do outcome_keys.append(('outcomes.timestamp_column', outcomes['timestamp_column'])) -%}
    {%- endif -%}
    {%- set outcome_found = model_monitor.find_columns(outcomes['relation'], outcome_keys, monitor['name'], 'outcomes.relation') -%}
    {%- do found.update({'outcome_names': outcome_found['names'], 'outcome_types': outcome_found['types']}) -%}
  {%- endif -%}
  {%- do found.update({'timestamp_has_time_zone': model_monitor.type_has_time_zone(found['types'][monitor['timestamp_column']])}) -%}
  {#- a score array that is a plain number or text: refused by name, not by the engine's own error
      on the element access (array types are spelled per engine: DOUBLE[], ARRAY, array<double>) -#}
  {%- if monitor['score_array_column'] -%}
    {%- set array_type = (found['types'][monitor['score_array_column']] or '') | string -%}
    {%- if '[]' not in array_type and modules.re.match('(?i)(double|float|real|numeric|decimal|number|int|bigint|smallint|tinyint|hugeint|varchar|text|string|char|bool|timestamp|date)', array_type) -%}
      {{ model_monitor.config_error(monitor['name'], 'score_array_column', "column '" ~ monitor['score_array_column'] ~ "' has type "
           ~ array_type ~ ": expected an array of the class scores, one element per class in the order of classes") }}
    {%- endif -%}
  {%- endif -%}
  {{ return(found) }}
{% endmacro %}

{% macro find_columns(relation, wanted, monitor_name, relation_key) %}
  {%- set columns = adapter.get_columns_in_relation(relation) -%}
  {%- if columns | length == 0 -%}
    {{ model_monitor.config_error(monitor_name, relation_key, "relation " ~ relation ~ " does not exist or has no columns") }}
  {%- endif -%}
  {%- set actual = columns | map(attribute='name') | list -%}
  {%- set names = {} -%}
  {%- set types = {} -%}
  {%- for key, name in wanted -%}
    {%- set match = namespace(column=none) -%}
    {%- for column in columns if column.name == name -%}
      {%- set match.column = column -%}
    {%- endfor -%}
    {%- if match.column is none -%}
      {%- for column in columns if column.name | lower == name | lower -%}
        {%- set match.column = column -%}
      {%- endfor -%}
    {%- endif -%}
    {%- if match.column is none -%}
      {%- set suggestion = model_monitor.closest_match(name, actual) -%}
      {%- set hint = " (did you mean '" ~ suggestion ~ "'?)" if suggestion else "" -%}
      {{ model_monitor.config_error(monitor_name, key, "column '" ~ name ~ "' does not exist in " ~ relation_key ~ " relation " ~ relation ~ hint ~ ". Columns: " ~ actual | join(", ")) }}
    {%- endif -%}
    {%- do names.update({name: match.column.name}) -%}
    {%- do types.update({name: match.column.data_type}) -%}
  {%- endfor -%}
  {{ return({'names': names, 'types': types}) }}
{% endmacro %}

{#- Whether a column type carries a time zone ("timestamp without time zone" does not). -#}
{% macro type_has_time_zone(data_type) %}
  {%- set t = (data_type or '') | lower -%}
  {{ return('with time zone' in t or 'timestamptz' in t or 'timestamp_tz' in t) }}
{% endmacro %}
