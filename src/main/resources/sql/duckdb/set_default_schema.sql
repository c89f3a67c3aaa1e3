USE ${schema}
