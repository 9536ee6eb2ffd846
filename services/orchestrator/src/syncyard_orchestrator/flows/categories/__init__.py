"""The categories flow: settings and the rules the record machine follows."""
