import sys

from stepcalc.cli import main

sys.exit(main())
