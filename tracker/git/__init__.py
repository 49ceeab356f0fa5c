"""Git as seen by the tracker: task changes in the history of committed tracker files."""
