"""Start or stop a throwaway PostgreSQL server (see benchmarks/pgserver.py).

python scripts/pgserver.py start DIR [--no-fsync]   # prints its URL
python scripts/pgserver.py stop DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pgserver import main

if __name__ == "__main__":
    sys.exit(main())
