"""Storage behind one backend interface: the locked edit protocol, YAML and in-memory
storage, atomic writes, history files."""
