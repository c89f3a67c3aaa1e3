-- The longest a start waits for another process's migration (SQLSTATE 55P03 after it).
SET LOCAL lock_timeout = '100s'
