from webio.output import put_buttons, put_text

put_buttons(["Approve", "Reject"], onclick=lambda choice: put_text("You chose", choice))
put_buttons([dict(label="Delete", value="delete", color="danger")],
            onclick=lambda choice: put_text("Deleted"), small=True)
