from webio.output import put_table, span

put_table([
    ["Ada", "Engineer", "London"],
    ["Grace", "Admiral", "New York"],
    [span("Two people", col=3)],
], header=["Name", "Role", "City"])
