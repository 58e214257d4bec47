{#- The monitor's features as a list of {name, type, thresholds, responses}: entries are column names or
    {name: column, thresholds: {...}} mappings. -#}
{% macro normalize_features(raw, monitor_thresholds, monitor_name) %}
  {{ model_monitor.check_keys(raw, [], ['numeric', 'categorical'], monitor_name, 'features') }}
  {%- set features = [] -%}
  {%- set seen = [] -%}
  {%- for feature_type in ['numeric', 'categorical'] -%}
    {%- set entries = raw.get(feature_type) or [] -%}
    {%- if entries is string or entries is mapping or entries is not iterable -%}
      {{ model_monitor.config_error(monitor_name, 'features.' ~ feature_type, "expected a list of column names, got " ~ entries | string) }}
    {%- endif -%}
    {%- for entry in entries -%}
      {%- set path = 'features.' ~ feature_type ~ '[' ~ loop.index0 ~ ']' -%}
      {%- if entry is mapping -%}
        {{ model_monitor.check_keys(entry, ['name'], ['thresholds'], monitor_name, path) }}
        {%- set name = entry['name'] | string -%}
        {%- set thresholds = model_monitor.normalize_thresholds(entry.get('thresholds'), monitor_thresholds, monitor_name, path ~ '.thresholds') -%}
        {%- set responses = model_monitor.rule_responses(entry.get('thresholds'), monitor_name, path ~ '.thresholds') -%}
      {%- elif entry is string -%}
        {%- set name = entry -%}
        {%- set thresholds = monitor_thresholds -%}
        {%- set responses = {} -%}
      {%- else -%}
        {{ model_monitor.config_error(monitor_name, path, "expected a column name or {name: ..., thresholds: ...}, got " ~ entry | string) }}
      {%- endif -%}
      {%- if name | trim == '' -%}
        {{ model_monitor.config_error(monitor_name, path, "a feature name must not be empty") }}
      {%- endif -%}
      {%- if name in ['__score__', '__output_tokens__', '__predicted_class__'] or name.startswith('__score__:') -%}
        {{ model_monitor.config_error(monitor_name, path, "'" ~ name ~ "' is reserved for the " ~ ('output token count' if name == '__output_tokens__' else 'predicted class' if name == '__predicted_class__' else 'score') ~ "'s own drift") }}
      {%- endif -%}
      {#- case-insensitively: most warehouses fold unquoted names, and a column found as 'X' and as
          'x' would be one column monitored twice -#}
      {%- if name | lower in seen -%}
        {{ model_monitor.config_error(monitor_name, path, "feature '" ~ name ~ "' is listed twice (names are compared without case)") }}
      {%- endif -%}
      {%- do seen.append(name | lower) -%}
      {%- do features.append({'name': name, 'column': name, 'type': feature_type, 'index': features | length,
                              'thresholds': thresholds, 'responses': responses}) -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- if features | length == 0 -%}
    {{ model_monitor.config_error(monitor_name, 'features', "the feature list is empty: list at least one column under features.numeric or features.categorical") }}
  {%- endif -%}
  {{ return(features) }}
{% endmacro %}
