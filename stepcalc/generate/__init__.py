"""Seeded exercise variants: workable numbers drawn, then problem files, sheets, solutions and an answer key."""
