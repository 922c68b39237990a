import sys

from ksiega.cli import main

sys.exit(main())
