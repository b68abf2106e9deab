"""The ABD competency set for public leaders as linked data."""
