{#- Seeds on Spark's session method: dbt-spark binds every value as '<value>' without escaping
    quotes and turns empty cells into the string 'None'. This inserts escaped literals and NULLs. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
    {%- set sql -%}
      insert into {{ this.render() }} values
      {%- for row in chunk %}
        ({%- for col_name in agate_table.column_names -%}
          {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
          {%- set value = row[loop.index0] -%}
          {%- if value is none -%}cast(null as {{ type }})
          {%- elif value is sameas true or value is sameas false -%}cast({{ 'true' if value else 'false' }} as {{ type }})
          {%- elif value is number -%}cast({{ value }} as {{ type }})
          {%- elif value.strftime is defined -%}cast('{{ value.strftime('%Y-%m-%d %H:%M:%S') }}' as {{ type }})
          {%- else -%}cast({{ model_monitor.string_literal(value) }} as {{ type }})
          {%- endif -%}
          {{ ", " if not loop.last }}
        {%- endfor -%}){{ "," if not loop.last }}
      {%- endfor %}
    {%- endset -%}
    {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
    {%- do statements.append(sql) if loop.first -%}
  {%- endfor -%}
  {{ return(statements[0] if statements else '') }}
{% endmacro %}
