"""The products flow: settings and the rules the record machine follows."""
