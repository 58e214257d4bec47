{#- A multiclass_classification monitor's `classes`: a list of {label, score_column}, one entry
    per class, in the order the class index (0, 1, ...) follows. Labels are compared as text (an
    integer label column's 2 is the class '2'); score columns are the class probabilities. Returns
    the list as [{label, score_column, index}]; none for the other tasks, which must not set it. -#}
{% macro normalize_classes(raw, monitor_name, task) %}
  {%- if task != 'multiclass_classification' -%}
    {%- if raw is not none -%}
      {{ model_monitor.config_error(monitor_name, 'classes', "is only read by task multiclass_classification; task " ~ task ~ " takes score_column") }}
    {%- endif -%}
    {{ return(none) }}
  {%- endif -%}
  {%- if raw is none or raw is string or raw is mapping or raw is not iterable or raw | length < 2 -%}
    {{ model_monitor.config_error(monitor_name, 'classes', "expected a list of at least two {label: ..., score_column: ...} entries, one per class, got " ~ raw | string) }}
  {%- endif -%}
  {%- set classes = [] -%}
  {%- set labels = [] -%}
  {%- set columns = [] -%}
  {%- for entry in raw -%}
    {%- set path = 'classes[' ~ loop.index0 ~ ']' -%}
    {{ model_monitor.check_keys(entry, ['label', 'score_column'], [], monitor_name, path) }}
    {%- if entry['label'] is mapping or entry['label'] is sameas true or entry['label'] is sameas false
          or (entry['label'] is not string and entry['label'] is not integer) or entry['label'] | string | trim == '' -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.label', "expected a non-empty text or whole number, got " ~ entry['label'] | string) }}
    {%- endif -%}
    {%- set label = entry['label'] | string -%}
    {%- if label in labels -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.label', "class '" ~ label ~ "' is listed twice") }}
    {%- endif -%}
    {%- if entry['score_column'] is not string or entry['score_column'] | trim == '' -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.score_column', "expected a column name, got " ~ entry['score_column'] | string) }}
    {%- endif -%}
    {%- if entry['score_column'] | lower in columns -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.score_column', "column '" ~ entry['score_column'] ~ "' is the score of two classes") }}
    {%- endif -%}
    {%- do labels.append(label) -%}
    {%- do columns.append(entry['score_column'] | lower) -%}
    {%- do classes.append({'label': label, 'score_column': entry['score_column'], 'index': loop.index0}) -%}
  {%- endfor -%}
  {{ return(classes) }}
{% endmacro %}
