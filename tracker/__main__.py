from tracker.main import main

raise SystemExit(main())
