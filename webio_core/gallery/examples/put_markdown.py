from webio.output import put_markdown

put_markdown("""
## Weekly report
Sales went **up** by *12 %*. See the [dashboard](https://example.com).

- three new customers
- `v2.1` released
""")
