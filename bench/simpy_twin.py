"""The SimPy twin of bench/twin.ts: K tokens circulating through a ring of N FIFO servers with
fixed service times. Each service is one simulator event (a timeout with a callback), each server
a deque; ties run in scheduling order in both engines. Prints one JSON line."""
import collections
import json
import sys
import time

import simpy


def run(tokens, servers, until):
    env = simpy.Environment()
    service = [100 + 7 * i for i in range(servers)]  # ps, as in twin.ts
    queues = [collections.deque() for _ in range(servers)]
    busy = [False] * servers
    counts = {"events": 0, "completions": 0}

    def arrive(i, token):
        if busy[i]:
            queues[i].append(token)
        else:
            start(i, token)

    def start(i, token):
        busy[i] = True
        event = env.timeout(service[i])
        event.callbacks.append(lambda _event, i=i, token=token: depart(i, token))

    def depart(i, token):
        counts["events"] += 1
        if i == servers - 1:
            counts["completions"] += 1
        if queues[i]:
            start(i, queues[i].popleft())
        else:
            busy[i] = False
        arrive((i + 1) % servers, token)

    for token in range(tokens):
        arrive(token % servers, token)
    started = time.perf_counter()
    env.run(until=until)
    wall = time.perf_counter() - started
    print(json.dumps({"completions": counts["completions"], "events": counts["events"], "wallMs": wall * 1000}))


if __name__ == "__main__":
    run(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
