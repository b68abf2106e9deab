"""Stewarding: the spreadsheet route for data stewards (export a workbook, import it back)."""
