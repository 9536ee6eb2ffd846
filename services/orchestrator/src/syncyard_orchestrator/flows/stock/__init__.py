"""The stock flow: settings and the rules the record machine follows."""
