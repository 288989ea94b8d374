"""Executes one notebook headless with nbclient and writes the executed copy.

Usage: /usr/bin/python3 execute.py NOTEBOOK OUT KERNEL_NAME CELL_TIMEOUT_S

Deno's Jupyter kernel can send a cell's output a moment after it reports the cell idle (its status
messages and its display messages leave by different routes), and nbclient stops listening for a
cell at idle, so such an output would be dropped, or land nowhere. This client keeps listening for
a short grace period after idle and keeps whatever arrives for that cell. Exit 0 when every cell
ran, 1 when one raised (the executed copy is written either way), 2 on bad arguments.
"""
import asyncio
import os
import queue
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError
from nbclient.util import ensure_async

# Seconds of quiet on the IOPub channel after a cell's idle before the cell is taken as done.
GRACE_S = 0.2


class LateOutputClient(NotebookClient):
    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=GRACE_S))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id or msg["msg_type"] == "status":
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                pass


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source, out, kernel, timeout = argv[1], argv[2], argv[3], int(argv[4])
    notebook = nbformat.read(source, as_version=4)
    client = LateOutputClient(notebook, kernel_name=kernel, timeout=timeout, resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}})
    status = 0
    try:
        client.execute()
    except CellExecutionError as error:
        print(str(error)[-4000:], file=sys.stderr)
        status = 1
    finally:
        nbformat.write(notebook, out)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
