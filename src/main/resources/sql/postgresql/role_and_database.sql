-- Who is connected where, to name them in a message about a missing privilege.
SELECT current_user, current_database()
