{#- The typed empty relation of the model being built, from the columns its YAML declares (name
    and data_type, in their order): each package model's columns are declared once, in
    models/*/_*.yml, and a model with no monitor to compute builds this, so its table has its
    schema from the first run. `repeat` maps a numbered column (`segment_1`) to how many copies
    the model has (`segment_1`, `segment_2`, ...; 0 leaves it out). Internal. -#}
{% macro yaml_empty_relation(repeat={}) %}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set types = {'varchar': 'string', 'double precision': 'double', 'timestamp': 'timestamp',
                   'bigint': 'bigint', 'boolean': 'boolean'} -%}
  {%- set columns = [] -%}
  {%- for name, column in model.columns.items() -%}
    {%- set data_type = (column.data_type or '') | lower -%}
    {%- if data_type not in types -%}
      {{ exceptions.raise_compiler_error("model_monitor: column '" ~ name ~ "' of " ~ model.name ~ " declares data_type '" ~ data_type ~ "' in its YAML; the package's models use " ~ (types.keys() | list | join(', '))) }}
    {%- endif -%}
    {%- if name in repeat -%}
      {%- for i in range(1, repeat[name] + 1) -%}
        {%- do columns.append((name[:-1] ~ i, types[data_type])) -%}
      {%- endfor -%}
    {%- else -%}
      {%- do columns.append((name, types[data_type])) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if not columns -%}
    {{ exceptions.raise_compiler_error("model_monitor: " ~ model.name ~ " declares no columns in its YAML") }}
  {%- endif -%}
  {{ return(model_monitor.typed_empty_relation(columns)) }}
{% endmacro %}
