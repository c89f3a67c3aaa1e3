-- Binds: ids. Of these rows, how many this transaction inserted (a row another writer inserted was first synced at its own now()).
SELECT count(*) FROM ${schema}.conversations WHERE id = ANY(CAST(? AS varchar[])) AND _first_synced_at = now()
