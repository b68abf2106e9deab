"""The model: the project's settings, URIs and namespaces, the loaded vocabulary (one named
graph per ontology/ file), the release record, earlier versions and the diff between two
vocabularies. Everything else builds on this package."""
