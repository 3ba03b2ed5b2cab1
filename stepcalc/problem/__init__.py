"""Problem files (TOML or JSON) read and validated into a frozen `Problem`; every error names the
file, the key and what was expected."""
