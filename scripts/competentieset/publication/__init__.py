"""Publication: the build (validate, then every output, swapped in atomically) and the
writers it runs: RDF in every format, JSON-LD, plain JSON, CSV, DCAT/VoID, the format table."""
