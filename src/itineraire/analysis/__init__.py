"""Questions asked of a catalogue: its consistency checks, what can be reached from a starting
point, and the catalogue as a graph (networkx, and as DOT, Mermaid or GraphML text)."""
