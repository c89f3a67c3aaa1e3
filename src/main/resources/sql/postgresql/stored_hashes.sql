SELECT id, _payload_hash FROM ${schema}.conversations WHERE id = ANY(?)
