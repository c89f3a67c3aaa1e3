SELECT id, _payload_hash FROM ${schema}.conversations WHERE id IN (SELECT unnest(CAST(? AS varchar[])))
