from webio.output import put_code

put_code("""def greet(name):
    return f"Hello, {name}!"
""", language="python")
