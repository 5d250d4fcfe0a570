"""The Textual front end: composes widgets and calls the domain; holds no rules of its own."""
