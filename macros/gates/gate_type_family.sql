{#- A column type's family, so that schema_matches ignores width and precision
    (varchar(10) vs text, int vs bigint): number, string, boolean, timestamp, timestamptz, date,
    or the lower-cased type itself. -#}
{% macro gate_type_family(data_type) %}
  {%- set t = (data_type or '') | lower | trim -%}
  {%- set base = modules.re.sub('\\(.*$', '', t) | trim -%}
  {%- if model_monitor.type_has_time_zone(t) -%}{{ return('timestamptz') }}{%- endif -%}
  {%- if base.startswith('timestamp') or base == 'datetime' -%}{{ return('timestamp') }}{%- endif -%}
  {%- if base in ['date'] -%}{{ return('date') }}{%- endif -%}
  {%- if base in ['boolean', 'bool'] -%}{{ return('boolean') }}{%- endif -%}
  {%- set numbers = ['tinyint', 'smallint', 'integer', 'int', 'int2', 'int4', 'int8', 'bigint', 'hugeint',
                     'utinyint', 'usmallint', 'uinteger', 'ubigint', 'uhugeint', 'real', 'float', 'float4', 'float8',
                     'double', 'double precision', 'numeric', 'decimal', 'number', 'float64', 'int64'] -%}
  {%- if base in numbers -%}{{ return('number') }}{%- endif -%}
  {%- if base in ['text', 'string', 'varchar', 'character varying', 'char', 'character', 'bpchar', 'nvarchar'] -%}{{ return('string') }}{%- endif -%}
  {{ return(base) }}
{% endmacro %}
