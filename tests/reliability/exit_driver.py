"""Run one use case of test_storage_faults with the process ending at statement k.

    python -m tests.reliability.exit_driver CASE DATABASE K

Exits 3 where the fault struck, 0 when the use case got through first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.reliability.faults import Fault, conversation_on, faulty
from tests.reliability.test_storage_faults import CASES


def main() -> None:
    name, path, k = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    fault = Fault()
    database = faulty(path, fault)
    _, bus = conversation_on(database)
    fault.arm(k, exit=True)
    CASES[name].call(bus)


if __name__ == "__main__":
    main()
