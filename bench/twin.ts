/**
 * The twin model for comparing engines: K tokens circulating through a ring of N FIFO servers with
 * fixed service times (a stand-in for TLPs crossing link directions), one event per service. Its
 * SimPy twin is bench/simpy_twin.py: same events, same order, same completion count.
 */
import { Simulator } from "../src/sim/simulator.js";
import { Fifo } from "../src/sim/fifo.js";

export interface TwinResult {
  completions: number;
  events: number;
  wallMs: number;
}

export function runTwin(tokens: number, servers: number, untilPs: number): TwinResult {
  const sim = new Simulator();
  const service = Array.from({ length: servers }, (_, i) => 100 + 7 * i);
  const queues = Array.from({ length: servers }, () => new Fifo<number>());
  const busy = new Array<boolean>(servers).fill(false);
  const serving = new Array<number>(servers).fill(0);
  let events = 0;
  let completions = 0;
  // One end-of-service handler per server, made once (the model's components do the same), with
  // the token in service kept beside it; SimPy's twin attaches a callback to a new event instead.
  const start = (i: number, token: number): void => {
    busy[i] = true;
    serving[i] = token;
    sim.schedule(service[i]!, depart[i]!);
  };
  const arrive = (i: number, token: number): void => {
    if (busy[i]) queues[i]!.push(token);
    else start(i, token);
  };
  const depart = service.map((_, i) => (): void => {
    events++;
    if (i === servers - 1) completions++;
    const token = serving[i]!;
    const queue = queues[i]!;
    if (queue.length > 0) start(i, queue.shift());
    else busy[i] = false;
    arrive(i + 1 === servers ? 0 : i + 1, token);
  });
  for (let token = 0; token < tokens; token++) arrive(token % servers, token);
  const started = performance.now();
  // SimPy's run(until=T) stops before events at T; ours runs them, so stop a picosecond earlier.
  sim.run({ until: untilPs - 1 });
  return { completions, events, wallMs: performance.now() - started };
}
