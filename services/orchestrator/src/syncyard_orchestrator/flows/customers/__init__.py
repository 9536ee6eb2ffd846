"""The customers flow: settings and the rules the record machine follows."""
