from webio.pin import put_radio

put_radio("plan", label="Plan", options=["Free", "Team", "Enterprise"], value="Team", inline=True)
